#!/usr/bin/env python3
"""Writes the sample access log shipped in the jar (src/main/resources/sample/access.log).

Every line is made up here from a fixed random seed, so the file is the same on every run: 300 lines in
Apache's combined format over two days, with a few clients that return often, queries, 4xx and 5xx answers.
Usage: scripts/generate-sample-log.py > src/main/resources/sample/access.log
"""
import random
from datetime import datetime, timedelta, timezone

rng = random.Random(13)
regulars = ["83.149.9.216", "93.114.45.13", "207.241.237.101", "198.51.100.7", "2001:db8::42"]
paths = ["/", "/index.html", "/docs/index.html", "/docs/pipeline.html", "/images/logo.png", "/css/site.css",
         "/js/app.js", "/search", "/api/items", "/feed.xml", "/about.html", "/download/corojobs.tar.gz"]
queries = {"/search": ["q=coroutines", "q=yield+from", "q=kernel&page=2"], "/api/items": ["limit=10", "limit=50&offset=50"]}
agents = ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
          "curl/8.5.0", "ExampleBot/1.0 (+https://bot.example.org/)"]
referrers = ["-", "https://www.example.com/", "https://search.example.net/?q=corojobs"]
start = datetime(2026, 5, 17, 9, 0, 0, tzinfo=timezone(timedelta(hours=2)))
t = start
for n in range(300):
    t += timedelta(seconds=rng.randint(5, 600))
    client = rng.choice(regulars) if rng.random() < 0.3 else f"203.0.113.{rng.randint(1, 254)}"
    method = "POST" if rng.random() < 0.08 else ("HEAD" if rng.random() < 0.03 else "GET")
    path = rng.choice(paths)
    target = path + ("?" + rng.choice(queries[path]) if path in queries and rng.random() < 0.7 else "")
    r = rng.random()
    status = 404 if r < 0.08 else 500 if r < 0.11 else 304 if r < 0.2 else 200
    size = "-" if status == 304 or method == "HEAD" else str(rng.randint(200, 60000))
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S %z")
    print(f'{client} - - [{stamp}] "{method} {target} HTTP/1.1" {status} {size} '
          f'"{rng.choice(referrers)}" "{rng.choice(agents)}"')
