// thuvien's service worker, version {{ version }}: the shell is kept at install; pages are
// fetched from the network first and kept, so that offline the last known copy shows
// (the reader's card and loans above all). Signing out empties the reader's copies.
const SHELL = "thuvien-shell-{{ version }}";
const READER = "thuvien-reader";
const SHELL_FILES = {{ shell|safe }};
const SIGN_OUT = "{{ sign_out|escapejs }}";

self.addEventListener("install", (event) => {
  // One missing file must not stop the worker from installing: each is kept on its own.
  event.waitUntil(
    caches.open(SHELL).then((cache) =>
      Promise.all(SHELL_FILES.map((file) => cache.add(file).catch(() => null)))
    )
  );
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(
        names.filter((n) => n.startsWith("thuvien-shell-") && n !== SHELL)
          .map((n) => caches.delete(n))
      )
    ).then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === SIGN_OUT) {
    // Another person may use this phone next: forget the reader's pages.
    event.respondWith(caches.delete(READER).then(() => fetch(request)));
    return;
  }
  // Only the reader's own pages and the shell are kept; staff pages, the API and the rest
  // of the site go to the network untouched (a shared desk computer keeps nothing).
  const reader = url.pathname.startsWith("/account/");
  if (request.method !== "GET" || !(reader || SHELL_FILES.includes(url.pathname))) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        // Keep only real pages: not a redirect to the sign-in, not an error.
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          const name = reader ? READER : SHELL;
          caches.open(name).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(request).then((found) => found || caches.match("/account/card/"))
          .then((found) => found || Response.error())
      )
  );
});

// Notices by Web Push (the reader opted in on the account page).
self.addEventListener("push", (event) => {
  const notice = event.data ? event.data.json() : {};
  event.waitUntil(
    self.registration.showNotification(notice.title || "", {
      body: notice.body || "", data: {url: notice.url || "/account/"},
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});
