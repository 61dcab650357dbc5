"""The batch work on a Dask cluster: records in bags, rows out in partitions."""
