"""Which programs used the camera and microphone (`presence.camera_microphone`)."""
