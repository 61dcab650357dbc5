"""The batch work on a Dask cluster: the restorer on every worker (plugin.py), records in
and rows out (bags.py), rows written in partitions (partitions.py), and the client's side:
the command line's cluster, runs, screens and index builds (client.py)."""
