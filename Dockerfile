FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY audit ./audit
COPY workers ./workers
COPY rubrics ./rubrics
RUN pip install --no-cache-dir -e . flower gunicorn
ENV AUDIT_DATA_DIR=/data
VOLUME /data
ENTRYPOINT ["audit"]
