"""Who can open the disk, and whether a sleeping laptop keeps it open, per platform."""
