# taskrank on the official Airflow image; the tag follows apache-airflow in requirements.lock.
FROM apache/airflow:3.3.2-python3.11
COPY --chown=airflow:root . /opt/taskrank
RUN pip install --no-cache-dir --no-deps -e /opt/taskrank \
    && pip install --no-cache-dir "scrapy>=2.19,<2.20" "duckdb>=1.5,<1.6" "scikit-learn>=1.9,<1.10" "typer>=0.12,<1"
ENV TASKRANK_DATA_DIR=/opt/taskrank/data
