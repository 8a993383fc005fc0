# The app as a hosted copy runs it: one Streamlit process per container, listening on 8501.
# Build: docker build -t playground .   Run: docker run -p 8501:8501 playground
FROM python:3.11-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The live threshold view and the live charts serve plotly.js and their own modules and stylesheet from static/
# (copied on first use);
# copying them at build time keeps the image's file system read-only at run time.
RUN python -c "from lib.ui import linked, live_chart; linked.static_urls(); live_chart.static_urls(); live_chart.static_urls(full_plotly=True)"

ENV PLAYGROUND_THRESHOLD_VIEW=live
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() != b'ok')"
# scripts/serve.py: streamlit run app.py on $PORT, and one warm-up pass over every page's default view beside
# it (scripts/warm.py), so the replica's first visitors find those caches warm.
ENV PORT=8501
CMD ["python", "scripts/serve.py", "--server.address=0.0.0.0", "--server.headless=true", \
     "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
