// The stock-take's service worker (scope /staff/stock/): the scanning page and its script
// open without a network, from the copy kept at the last visit, so a phone that lost its
// connection in the stacks can reload the page and go on scanning. The scans themselves live
// in IndexedDB (stocktake.js); this worker only keeps the page. Network first, so a page
// always shows the latest figures when the network is there.
const CACHE = "thuvien-stocktake-{{ version }}";
const SHELL = {{ shell|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("thuvien-stocktake-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

const kept = (url) => /\/staff\/stock\/\d+\/scan\/$/.test(url.pathname) || SHELL.includes(url.pathname);

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !kept(url)) return;
  event.respondWith(
    fetch(event.request)
      .then((answer) => {
        if (answer.ok && !answer.redirected) {
          const copy = answer.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return answer;
      })
      .catch(() => caches.match(event.request).then((hit) => hit || Response.error())),
  );
});
