"""The running service: settings, storage, transports and the command line."""
