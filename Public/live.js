// Adds the open conversation's new messages as they arrive. Without it the page works the
// same (a reload shows them). Text goes in with textContent, never as HTML.
(function () {
  var list = document.getElementById('messages');
  var id = list && list.getAttribute('data-conversation');
  if (!id || !window.WebSocket) return;
  var me = (list.getAttribute('data-me') || '').toLowerCase();
  var socket;
  try {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live');
  } catch (e) { return; }
  function add(tag, parent, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    parent.appendChild(node);
    return node;
  }
  socket.onmessage = function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    var m = data && data.type === 'message' && data.message;
    if (!m || String(m.conversationID).toLowerCase() !== id.toLowerCase()) return;
    if (document.getElementById('m-' + m.id)) return;
    var item = document.createElement('li');
    item.id = 'm-' + m.id;
    if (m.author && String(m.author.id).toLowerCase() === me) item.className = 'mine';
    var meta = add('p', item, '', 'meta');
    add('strong', meta, m.author ? m.author.displayName : '');
    var when = new Date(m.createdAt);
    if (!isNaN(when)) add('time', meta, ' · ' + when.toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' }));
    add('p', item, String(m.body), 'text');
    list.appendChild(item);
  };
})();
