// crosstrain's service worker (crosstrain/web/views/pwa.py renders it at /sw.js, so its scope is the whole site).
// - The app shell (CSS, JavaScript, htmx) is cached on install.
// - A runner's pages for this week and next are cached when a page asks (offline.js posts the list from /me/offline/),
//   in a cache of that user's own: signing out, or another user's list, deletes it.
// - Navigations go to the network first (pages stay fresh) and fall back to the cache (airplane mode, also after a
//   reload); a page that was never cached answers with a short offline page.
// - Background Sync sends the queued sets (queue.js) when the connection returns, also with no page open.
"use strict";
// Rendered by the view as JSON: the shell's (hashed) file names, the URLs the worker needs, its version.
const CONFIG = {{ config|safe }};
const SHELL_CACHE = "crosstrain-shell-" + CONFIG.version;
const PAGES_PREFIX = "crosstrain-pages-";
const SHELL = CONFIG.shell;
const STATIC_PREFIX = CONFIG.staticPrefix;
const STATIC_CACHE_FIRST = CONFIG.staticCacheFirst;
const LOGOUT_URL = CONFIG.logout;
const SYNC_TAG = "crosstrain-sync";

importScripts(CONFIG.queue);
self.CrosstrainQueue.configure({ offline: CONFIG.offline, api: CONFIG.api });

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.startsWith("crosstrain-shell-") && name !== SHELL_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

async function pageCacheNames() {
  return (await caches.keys()).filter(function (name) { return name.startsWith(PAGES_PREFIX); });
}

// Never keep one person's pages for another: only the signed-in user's cache survives.
async function forgetPages(exceptUser) {
  const keep = exceptUser ? PAGES_PREFIX + exceptUser : null;
  await Promise.all((await pageCacheNames()).filter(function (name) { return name !== keep; }).map(function (name) {
    return caches.delete(name);
  }));
}

// A kept copy younger than this is not fetched again on the next page load (each runner page load asks): the pages
// a runner opens are refreshed as they are opened, and after sets are sent the page asks with `force`.
const FRESH_MS = 5 * 60 * 1000;

async function cachePages(user, pages, force) {
  await forgetPages(user);
  const cache = await caches.open(PAGES_PREFIX + user);
  let count = 0;
  for (const url of pages) {
    const kept = force ? null : await cache.match(url);
    if (kept && Date.now() - Date.parse(kept.headers.get("Date") || "") < FRESH_MS) {
      count += 1;
      continue;
    }
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    // A redirect (signed out meanwhile) or an error page is not the runner's page: keep the older copy.
    if (response.ok && !response.redirected) {
      await cache.put(url, response);
      count += 1;
    }
  }
  // Pages no longer in the list (last week's) go.
  const wanted = new Set(pages.map(function (url) { return new URL(url, self.location.origin).href; }));
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  return count;
}

async function cachedPage(request) {
  for (const name of await pageCacheNames()) {
    const found = await (await caches.open(name)).match(request, { ignoreSearch: true, ignoreVary: true });
    if (found) return found;
  }
  return null;
}

function offlinePage() {
  const html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">" +
    "<title>Offline · crosstrain</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"" + SHELL[0] + "\"></head><body><main>" +
    "<h1>You are offline</h1><p>This page was not saved on this phone. Your sessions for this week and next " +
    "are: <a href=\"/me/\">open your week</a>.</p></main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function navigate(request) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      // A page the phone keeps is refreshed whenever it is opened online.
      for (const name of await pageCacheNames()) {
        const cache = await caches.open(name);
        if (await cache.match(request, { ignoreSearch: true })) await cache.put(request.url, response.clone());
      }
    }
    return response;
  } catch (error) {
    return (await cachedPage(request)) || offlinePage();
  }
}

async function fromStatic(request) {
  const cache = await caches.open(SHELL_CACHE);
  if (STATIC_CACHE_FIRST) {
    const found = await cache.match(request);
    if (found) return found;
  }
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const found = await cache.match(request, { ignoreSearch: true });
    if (found) return found;
    throw error;
  }
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && request.method === "POST" && url.pathname === LOGOUT_URL) {
    event.waitUntil(forgetPages(null)); // signing out: this phone keeps nobody's pages
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") event.respondWith(navigate(request));
  else if (url.pathname.startsWith(STATIC_PREFIX)) event.respondWith(fromStatic(request));
});

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type === "cache") {
    event.waitUntil(cachePages(String(data.user), data.pages, Boolean(data.force)).then(function (count) {
      if (event.source) event.source.postMessage({ type: "cached", count: count });
    }));
  } else if (data.type === "forget") {
    event.waitUntil(forgetPages(null));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(self.CrosstrainQueue.sync(false).then(function (result) {
    return tellPages({ type: "synced", result: result }).then(function () {
      // Rejecting asks the browser to fire the sync again later (still offline, or the server busy).
      if (result.state === "offline" || result.state === "later") throw new Error("sync again later");
    });
  }));
});
