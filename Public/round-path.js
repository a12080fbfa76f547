// The round's page only: the team's path while the round is ongoing. Positions are kept on
// the phone until the server has them (no signal means later, never lost), sent ten at a
// time or every minute; recording goes on across the round's pages until the team stops it
// or the round ends. ES5, like app.js: old phones.
(function () {
  'use strict';
  var doc = document;
  var form = doc.querySelector('[data-path-recorder]');
  if (!form || !navigator.geolocation || !window.fetch || !window.localStorage || !window.JSON) return;
  var action = form.getAttribute('action'), store = 'entraide-path:' + action, on = store + ':on';
  var start = form.querySelector('[data-path-start]'), stop = form.querySelector('[data-path-stop]');
  var status = form.querySelector('[data-path-status]'), watch = null, sending = false, lastSent = 0, sentCount = 0;
  form.hidden = false;
  function pending() { try { return JSON.parse(localStorage.getItem(store) || '[]'); } catch (e) { return []; } }
  function keep(points) { try { localStorage.setItem(store, JSON.stringify(points)); } catch (e) {} }
  function tell(name, count) { status.textContent = (form.getAttribute('data-' + name) || '').replace('{count}', count); }
  function showState() { start.hidden = watch !== null; stop.hidden = watch === null; }
  function send() {
    var points = pending();
    if (sending || !points.length) return;
    var batch = points.slice(0, 100), csrf = form.querySelector('[name=csrf]').value;
    sending = true;
    fetch(action, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
      body: 'csrf=' + encodeURIComponent(csrf) + '&points=' + encodeURIComponent(JSON.stringify(batch))
    }).then(function (response) {
      sending = false;
      if (response.status === 409) { localStorage.removeItem(store); end('ended'); return; }
      // Refused points (a clock far off, a position out of range) would be refused forever.
      if (response.ok || response.status === 422) {
        keep(pending().slice(batch.length));
        lastSent = Date.now();
        if (response.ok) sentCount += batch.length;
      }
      tell(pending().length ? 'waiting' : 'sent', pending().length || sentCount);
    }, function () { sending = false; tell('waiting', pending().length); });
  }
  function add(position) {
    var points = pending(), last = null;
    try { last = JSON.parse(localStorage.getItem(store + ':last') || 'null'); } catch (e) {}
    var point = { lat: +position.coords.latitude.toFixed(5), lon: +position.coords.longitude.toFixed(5),
                  at: new Date(position.timestamp || Date.now()).toISOString().replace(/\.\d+Z$/, 'Z') };
    // A team standing still adds nothing; a point every 25 m or so draws the streets.
    if (last && Math.abs(last.lat - point.lat) < 0.0002 && Math.abs(last.lon - point.lon) < 0.0003) return;
    points.push(point);
    keep(points);
    try { localStorage.setItem(store + ':last', JSON.stringify(point)); } catch (e) {}
    if (points.length >= 10 || Date.now() - lastSent > 60000) send(); else tell('waiting', points.length);
  }
  function begin() {
    if (watch !== null) return;
    watch = navigator.geolocation.watchPosition(add, function (error) {
      if (error.code === 1) end('denied');
    }, { enableHighAccuracy: true, maximumAge: 10000, timeout: 60000 });
    try { localStorage.setItem(on, '1'); } catch (e) {}
    showState();
    send();
  }
  function end(why) {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
    localStorage.removeItem(on);
    showState();
    if (why) tell(why, 0);
    send();
  }
  start.addEventListener('click', begin);
  stop.addEventListener('click', function () { end(''); });
  window.addEventListener('online', send);
  if (localStorage.getItem(on)) begin(); else send();
})();
