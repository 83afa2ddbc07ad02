"""Windows (`system.windows.*`): the collector, the commands it runs, and how it reads them."""
