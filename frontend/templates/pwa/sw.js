/* Backcheck service worker, version {{ version }}.
 * Caches the static files and the articles and condition pages a person has read, so they open
 * without a network. Quiz and result pages are private and never cached, nor is anything under
 * /api/ or /admin/. Without a network, a page that was never read shows the offline page. */
"use strict";

const VERSION = "{{ version }}";
const STATIC_CACHE = "backcheck-static-" + VERSION;
const PAGE_CACHE = "backcheck-pages-" + VERSION;
const PRECACHE = {{ precache|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const READABLE = [/^\/$/, /^\/topics\/[\w-]+\/$/, /^\/conditions\/([\w-]+\/)?$/];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // A new deploy has a new version: the caches of the old one are removed.
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("backcheck-") && !n.endsWith(VERSION))
        .map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

function isReadable(url) {
  return url.origin === self.location.origin && !url.search && READABLE.some((re) => re.test(url.pathname));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    // Static files have content hashes in their names, so a cached copy is always right.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(STATIC_CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })));
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  // Pages: the network first, so content is fresh; a copy of the public reading pages for offline.
  event.respondWith(fetch(request).then((response) => {
    if (response.ok && isReadable(url) && !request.headers.get("HX-Request")) {
      const copy = response.clone();
      caches.open(PAGE_CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  }).catch(() => caches.match(request, { cacheName: PAGE_CACHE })
    .then((hit) => hit || caches.match(OFFLINE_URL, { cacheName: STATIC_CACHE }))));
});
