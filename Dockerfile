# taskrank on the official Airflow image; the tag follows apache-airflow in requirements.lock, and every package is
# installed at the version the lock pins.
FROM apache/airflow:3.3.2-python3.11
COPY --chown=airflow:root requirements.lock /opt/taskrank/requirements.lock
RUN pip install --no-cache-dir -r /opt/taskrank/requirements.lock
COPY --chown=airflow:root . /opt/taskrank
RUN pip install --no-cache-dir --no-deps -e /opt/taskrank
ENV TASKRANK_DATA_DIR=/opt/taskrank/data
