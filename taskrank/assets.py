"""The names of the Airflow Assets the DAGs publish and follow: the warehouse after each load, the ranked table
after each ranking. Names only, so a DAG file imports nothing heavy to be parsed."""

WAREHOUSE = "taskrank_warehouse"
RANKING = "taskrank_ranking"
