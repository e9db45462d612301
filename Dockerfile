# Build a wheel of the package (rubrics, templates and schemas are package data), then install only the wheel.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY audit ./audit
COPY workers ./workers
RUN pip wheel --no-cache-dir --no-deps -w /wheels .

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl flower gunicorn && rm -rf /wheels
ENV AUDIT_DATA_DIR=/data
VOLUME /data
WORKDIR /data
ENTRYPOINT ["audit"]
