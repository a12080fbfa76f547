// Entraide's service worker, served at /sw.js with `var CONFIG = {…}` written above this text
// (OfflineApp.swift). Pages already read stay readable without signal; a form sent without
// signal is kept on the device and sent again, under the same Idempotency-Key, when the
// signal returns; fingerprinted static files come from the cache. ES5: old phones.
'use strict';
var STATIC = 'static-' + CONFIG.version, PAGES = 'pages', KEPT_PAGES = 80;
// A slow network gives way to the copy kept after this long; a form is kept instead.
var WAIT = 6000, WAIT_FORM = 15000;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return cache.addAll(CONFIG.precache);
  }).then(refreshOfflinePage).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf('static-') === 0 && name !== STATIC; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method === 'POST') {
    // Signing out forgets the pages kept: a phone is often shared.
    if (url.pathname === '/logout') event.waitUntil(forget().then(function () { return meta('owner', ''); }));
    else if (request.mode === 'navigate' && matches(CONFIG.queued, url.pathname, true)) event.respondWith(submit(request, url));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.indexOf('/static/') === 0) event.respondWith(asset(request));
  else if (request.mode === 'navigate') event.respondWith(page(request, url));
});

self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type === 'hello') event.waitUntil(hello(data, event.source));
  if (data.type === 'drop') event.waitUntil(drop(data.key).then(function () { return announce(data.owner); }));
});

// --- pages ---------------------------------------------------------------------------------

// `/conversations` covers `/conversations/<id>`; with `exact`, `*` is one segment.
function matches(patterns, path, exact) {
  return patterns.some(function (pattern) {
    if (!exact) return path === pattern || path.indexOf(pattern + '/') === 0;
    var want = pattern.split('/'), got = path.split('/');
    return want.length === got.length && want.every(function (part, i) { return part === '*' ? got[i] !== '' : part === got[i]; });
  });
}

function page(request, url) {
  var readable = matches(CONFIG.pages, url.pathname);
  var network = fetch(request).then(function (response) {
    if (readable && response.status === 200 && response.type === 'basic') keep(request.url, response.clone());
    return response;
  });
  if (!readable) return network.catch(offlinePage);
  return new Promise(function (resolve) {
    var settled = false;
    function settle(response) { if (!settled && response) { settled = true; resolve(response); } }
    var timer = setTimeout(function () { copyOf(request).then(settle); }, WAIT);
    network.then(function (response) {
      clearTimeout(timer);
      // A server down behind its proxy: the copy says more than an error page.
      if (response.status < 500) return settle(response);
      copyOf(request).then(function (copy) { settle(copy || response); });
    }, function () {
      clearTimeout(timer);
      copyOf(request).then(function (copy) { return copy || offlinePage(); }).then(settle);
    });
  });
}

// The headers a copy is given again (its security policy too), without those of the transfer.
function headersOf(response) {
  var headers = new Headers();
  response.headers.forEach(function (value, name) {
    if (!/^(content-length|content-encoding|transfer-encoding|set-cookie)$/i.test(name)) headers.set(name, value);
  });
  return headers;
}

// Stored with the time it was read, so the page can say how old it is.
function keep(url, response) {
  return response.blob().then(function (body) {
    var headers = headersOf(response);
    headers.set('X-Stored-At', String(Date.now()));
    return caches.open(PAGES).then(function (cache) {
      return cache.put(url, new Response(body, { status: 200, headers: headers })).then(function () { return cache.keys(); })
        .then(function (keys) { return keys.length > KEPT_PAGES && cache.delete(keys[0]); });
    });
  }).catch(function () {});
}

// The copy, marked on its <html> for app.js, which says "Offline — last updated at …".
function copyOf(request) {
  return caches.open(PAGES).then(function (cache) { return cache.match(request, { ignoreVary: true }); }).then(function (copy) {
    if (!copy) return null;
    return copy.text().then(function (html) {
      var at = copy.headers.get('X-Stored-At') || '0';
      return new Response(html.replace('<html ', '<html data-offline-copy="' + at + '" '), { headers: headersOf(copy) });
    });
  });
}

function offlinePage() {
  return caches.match(CONFIG.offline, { ignoreVary: true }).then(function (page) { return page || Response.error(); });
}

// In the member's language, and never another member's: stored again when either changes.
function refreshOfflinePage(lang) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(CONFIG.offline, { ignoreVary: true }).then(function (page) {
      if (page && (!lang || page.headers.get('Content-Language') === lang)) return;
      return fetch(CONFIG.offline, { credentials: 'same-origin' }).then(function (response) {
        return response.ok && cache.put(CONFIG.offline, response);
      });
    });
  }).catch(function () {});
}

function forget() { return caches.delete(PAGES); }

function asset(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      var copy = response.clone();
      if (response.ok) caches.open(STATIC).then(function (cache) { return cache.put(request, copy); });
      return response;
    });
  });
}

// --- the queue: texts written without signal ----------------------------------------------

function db() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open('entraide', 1);
    open.onupgradeneeded = function () {
      open.result.createObjectStore('queue', { keyPath: 'key' });
      open.result.createObjectStore('meta');
    };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
}

// One transaction; resolves with the result of the request `work` made.
function tx(store, mode, work) {
  return db().then(function (base) {
    return new Promise(function (resolve, reject) {
      var t = base.transaction(store, mode), request = work(t.objectStore(store));
      t.oncomplete = function () { base.close(); resolve(request.result); };
      t.onerror = t.onabort = function () { base.close(); reject(t.error); };
    });
  });
}

function items() { return tx('queue', 'readonly', function (s) { return s.getAll(); }).then(function (all) { return all.sort(function (a, b) { return a.at - b.at; }); }); }
function save(item) { return tx('queue', 'readwrite', function (s) { return s.put(item); }); }
function drop(key) { return tx('queue', 'readwrite', function (s) { return s.delete(key); }); }
function meta(name, value) {
  return tx('meta', value === undefined ? 'readonly' : 'readwrite', function (s) { return value === undefined ? s.get(name) : s.put(value, name); });
}
function mine(all, owner) { return owner ? all.filter(function (item) { return item.owner === owner; }) : []; }

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  var b = crypto.getRandomValues(new Uint8Array(16)), hex = '';
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  for (var i = 0; i < 16; i++) hex += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (b[i] + 256).toString(16).slice(1);
  return hex;
}

function send(item, redirect) {
  return fetch(item.action, {
    method: 'POST', body: item.body, credentials: 'same-origin', redirect: redirect,
    headers: { 'Content-Type': item.type, 'Idempotency-Key': item.key, 'Accept': 'text/html' }
  });
}

function within(ms, promise) {
  return new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error('timeout')); }, ms);
    promise.then(resolve, reject);
  });
}

// A form sent: its key is made now, as the member pressed Send. Answered: the answer goes to
// the page as usual. No signal (or a server down): kept, and the member is led back to the
// page, which shows it "will be sent".
function submit(request, url) {
  return Promise.all([request.clone().text(), meta('owner')]).then(function (got) {
    var back = request.referrer && request.referrer.indexOf(location.origin + '/') === 0 ? request.referrer : '/';
    var item = {
      key: uuid(), owner: got[1] || '', action: url.pathname, body: got[0], back: back, at: Date.now(), state: 'pending',
      type: request.headers.get('Content-Type') || 'application/x-www-form-urlencoded'
    };
    return within(WAIT_FORM, send(item, 'manual')).then(function (response) {
      if (response.status >= 500) throw new Error('server');
      return response;
    }).catch(function () {
      return items().then(function (all) {
        // Send pressed twice in a row keeps one.
        var twice = all.some(function (o) { return o.action === item.action && o.body === item.body && item.at - o.at < 10000; });
        return twice || save(item);
      }).then(function () { return Response.redirect(back, 303); });
    });
  });
}

function hello(data, client) {
  var owner = data.owner || '';
  return meta('owner').then(function (before) {
    // Another member on this phone: the first one's pages go.
    if (owner && before && before !== owner) return forget();
  }).then(function () {
    return owner && meta('owner', owner);
  }).then(function () {
    return refreshOfflinePage(data.lang);
  }).then(function () {
    if (data.seen && matches(CONFIG.pages, new URL(data.seen).pathname)) {
      return fetch(data.seen, { credentials: 'same-origin' }).then(function (response) {
        return response.ok && !response.redirected && keep(data.seen, response);
      }, function () {});
    }
  }).then(items).then(function (all) {
    // Written before this device knew who was signed in: theirs.
    var adopted = owner ? all.filter(function (item) { return !item.owner; }) : [];
    return Promise.all(adopted.map(function (item) { item.owner = owner; return save(item); })).then(function () { return all; });
  }).then(function (all) {
    if (client) client.postMessage({ type: 'queue', items: mine(all, owner) });
    if (owner && data.online) return flush(owner);
  });
}

var flushing = null;
function flush(owner) {
  if (!flushing) {
    flushing = items().then(function (all) {
      return mine(all, owner).filter(function (item) { return item.state === 'pending'; }).reduce(function (chain, item) {
        return chain.then(function (go) { return go && deliver(item, false); });
      }, Promise.resolve(true));
    }).then(function () { flushing = null; return announce(owner); }, function () { flushing = null; });
  }
  return flushing;
}

// Resolves true to go on with the next text, false when the signal or the session is missing.
function deliver(item, retried) {
  return send(item, 'follow').then(function (response) {
    var landed = new URL(response.url || item.action, location.href).pathname;
    if (response.ok && landed === '/login') return false;
    if (response.ok) {
      var kept = matches(CONFIG.pages, landed) ? keep(response.url, response) : null;
      return Promise.resolve(kept).then(function () { return drop(item.key); }).then(function () { return announce(item.owner); })
        .then(function () { return true; });
    }
    // A form read from a copy may carry an old CSRF token: take a fresh one, try once more.
    if (response.status === 403 && !retried) return freshToken().then(function (token) {
      if (!token) return false;
      item.body = item.body.replace(/(^|&)csrf=[^&]*/, '$1csrf=' + token);
      return save(item).then(function () { return deliver(item, true); });
    });
    if (response.status === 409 || response.status === 429 || response.status >= 500) return false;
    // Refused: the text stays, with the reason, until the member puts it back in the form.
    return response.text().then(function (html) {
      item.state = 'error';
      item.error = (html.match(/<p[^>]*(role="alert"|class="error")[^>]*>[^<]*(?=<\/p>)/g) || []).map(function (p) {
        return p.replace(/^<p[^>]*>/, '');
      }).join(' ');
      return save(item);
    }).then(function () { return announce(item.owner); }).then(function () { return true; });
  }, function () { return false; });
}

function freshToken() {
  return fetch(CONFIG.offline, { credentials: 'same-origin' }).then(function (response) { return response.text(); })
    .then(function (html) { var found = /name="csrf" value="([^"]+)"/.exec(html); return found && encodeURIComponent(found[1]); }, function () { return null; });
}

function announce(owner) {
  return items().then(function (all) {
    return self.clients.matchAll({ type: 'window' }).then(function (clients) {
      clients.forEach(function (client) { client.postMessage({ type: 'queue', items: mine(all, owner) }); });
    });
  });
}
