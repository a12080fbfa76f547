// Entraide's only script; every page works without it. With it: the app installs and keeps
// working without signal (sw.js); a page read from the copy kept on the device says how old
// it is; a text written without signal shows where it was written, "will be sent", until it
// is; a conversation's new messages come in as they arrive. ES5: old phones. Text always goes
// in with textContent, never as HTML.
(function () {
  'use strict';
  var doc = document, root = doc.documentElement, lang = root.lang || 'fr';
  var script = doc.getElementById('app-js');
  function say(name) { return (script && script.getAttribute('data-' + name)) || ''; }
  function add(tag, parent, text, className) {
    var node = doc.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }
  function format(date, options) {
    try { return new Intl.DateTimeFormat(lang, options).format(date); } catch (e) { return date.toLocaleString(); }
  }

  // --- "Offline — last updated at 14:05" on a page the service worker took from its copy
  var copied = +root.getAttribute('data-offline-copy');
  if (copied) {
    var when = new Date(copied), time = format(when, { hour: '2-digit', minute: '2-digit' });
    var mark = when.toDateString() === new Date().toDateString() ? say('mark')
      : say('mark-day').replace('{day}', format(when, { day: 'numeric', month: 'long' }));
    var main = doc.getElementById('main'), notice = add('p', null, mark.replace('{time}', time), 'notice offline');
    notice.setAttribute('role', 'status');
    if (main) main.insertBefore(notice, main.firstChild);
  }

  live();
  locate();

  var worker = navigator.serviceWorker;
  if (!worker || !window.Promise) return;
  var owner = say('owner'), controlled = !!worker.controller, shown = {};
  worker.register('/sw.js').catch(function () {});
  worker.addEventListener('message', function (event) {
    if (event.data && event.data.type === 'queue') show(event.data.items || []);
  });
  // At every page load and whenever the signal returns, the worker sends what waits.
  function hello(seen) {
    if (worker.controller) worker.controller.postMessage({ type: 'hello', owner: owner, lang: lang, online: navigator.onLine !== false, seen: seen ? location.href : '' });
  }
  hello(false);
  window.addEventListener('online', function () { hello(false); });
  // The first time, the worker starts after this page was read: it keeps it then.
  worker.addEventListener('controllerchange', function () { hello(!controlled); controlled = true; });

  // --- texts waiting to be sent, shown where they were written
  function formFor(action) {
    var forms = doc.querySelectorAll('form[data-offline-queue]');
    for (var i = 0; i < forms.length; i++) {
      var link = doc.createElement('a');
      link.href = forms[i].getAttribute('action');
      if (link.pathname === action) return forms[i];
    }
    return null;
  }
  function fields(body) {
    return body.split('&').map(function (pair) {
      var at = pair.indexOf('=');
      return [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
  }
  function decode(text) {
    try { return decodeURIComponent(text.replace(/\+/g, ' ')); } catch (e) { return text; }
  }
  function field(body, name) {
    var found = fields(body).filter(function (pair) { return pair[0] === name; })[0];
    return found ? found[1] : '';
  }
  function show(items) {
    var waiting = {};
    items.forEach(function (item) {
      var form = formFor(item.action);
      if (!form) return;
      waiting[item.key] = true;
      var node = shown[item.key];
      if (!node) {
        var list = doc.getElementById(form.getAttribute('data-offline-list') || '');
        node = shown[item.key] = add(list ? 'li' : 'div', null, '', list ? 'mine queued' : 'notice queued');
        add('p', node, field(item.body, form.getAttribute('data-offline-queue')), 'text');
        if (list) list.appendChild(node); else form.parentNode.insertBefore(node, form);
      }
      state(node, item, form);
    });
    for (var key in shown) {
      if (!waiting[key] && shown[key].getAttribute('data-state') === 'pending') state(shown[key], { state: 'sent' });
    }
  }
  function state(node, item, form) {
    if (node.getAttribute('data-state') === item.state) return;
    node.setAttribute('data-state', item.state);
    while (node.childNodes.length > 1) node.removeChild(node.lastChild);
    var note = add('p', node, say(item.state === 'error' ? 'failed' : item.state), item.state === 'error' ? 'error' : 'meta');
    note.setAttribute('role', 'status');
    if (item.state !== 'error') return;
    // The server's own words, decoded from its page without running anything in it.
    if (item.error) add('p', node, new DOMParser().parseFromString(item.error, 'text/html').body.textContent, 'error');
    add('button', node, say('restore'), 'link').addEventListener('click', function () {
      fields(item.body).forEach(function (pair) {
        var input = form.elements[pair[0]];
        if (input && pair[0] !== 'csrf') input.value = pair[1];
      });
      worker.controller && worker.controller.postMessage({ type: 'drop', key: item.key, owner: owner });
      delete shown[item.key];
      node.parentNode.removeChild(node);
      var first = form.querySelector('textarea, input:not([type=hidden])');
      if (first) first.focus();
    });
  }

  // --- a conversation's new messages, as they arrive (without it, a reload shows them)
  function live() {
    var list = doc.getElementById('messages');
    var id = list && list.getAttribute('data-conversation');
    if (!id || !window.WebSocket || copied) return;
    var me = (list.getAttribute('data-me') || '').toLowerCase(), socket;
    try {
      socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live');
    } catch (e) { return; }
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      var m = data && data.type === 'message' && data.message;
      if (!m || String(m.conversationID).toLowerCase() !== id.toLowerCase()) return;
      if (doc.getElementById('m-' + m.id)) return;
      var item = doc.createElement('li');
      item.id = 'm-' + m.id;
      if (m.author && String(m.author.id).toLowerCase() === me) item.className = 'mine';
      var meta = add('p', item, '', 'meta');
      add('strong', meta, m.author ? m.author.displayName : '');
      var at = new Date(m.createdAt);
      if (!isNaN(at)) add('time', meta, ' · ' + format(at, { hour: '2-digit', minute: '2-digit' }));
      add('p', item, String(m.body), 'text');
      // A text of mine that waited here arrives for real: it takes its place.
      for (var key in shown) {
        if (item.className && shown[key].parentNode === list && shown[key].firstChild.textContent === String(m.body)) {
          list.removeChild(shown[key]);
          delete shown[key];
          break;
        }
      }
      list.appendChild(item);
    };
  }
  // --- "Near me": a form with a [data-locate] button fills its lat/lon from the phone's
  // position (asked only on that tap) and is sent; without it, a postal code does.
  function locate() {
    var button = doc.querySelector('[data-locate]');
    if (!button || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var form = button.form;
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector('[data-geo=lat]').value = position.coords.latitude.toFixed(4);
        form.querySelector('[data-geo=lon]').value = position.coords.longitude.toFixed(4);
        var near = form.querySelector('[name=near]');
        if (near) near.value = '';
        form.submit();
      }, function () {}, { maximumAge: 600000, timeout: 15000 });
    });
  }
})();
