"""Reports that read a whole game, above the engine: the end report and history's path."""
