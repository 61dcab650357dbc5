"""Many inputs at once: files found and read safely, the work of each in worker
processes, records of JSON Lines and WARC/WET files, and the ways outcomes are shown."""
