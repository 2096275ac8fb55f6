/* Trama – regia screen: ideas stream in over the WebSocket; the database is the truth (PROTOCOL.md).
 *
 * On (re)connect the page asks for every idea after its cursor; pushes are hints, deduplicated by id.
 * Ideas may commit a few ms out of id order, so every 15 s it also resyncs from the cursor it had one
 * period earlier (anything already seen is ignored); it tells the server how many ideas it holds in that
 * span (`upto`, `count`), so when nothing is missing the answer is only what came after. The theme board is server-rendered: a change reloads
 * its fragment with htmx, unless someone is working in it right now.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("regia-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var text = document.getElementById("regia-text").dataset;
  var feed = document.getElementById("feed");
  var seen = {};
  var cursor = config.cursor || 0;
  var lagCursor = cursor;
  var socket = null;
  var delay = 1000;
  var boardTimer = null;
  var total = 0;

  Array.prototype.forEach.call(feed.querySelectorAll("li[data-id]"), function (li) { seen[li.dataset.id] = true; });
  Array.prototype.forEach.call(document.querySelectorAll("[data-venue-count]"), function (td) {
    total += Number(td.textContent) || 0;
  });
  showTotal();

  function showTotal() {
    document.getElementById("feed-total").textContent = total + " " + text.total;
  }

  function matches(idea) {
    var f = config.filter || {};
    if (f.venue && idea.venue !== f.venue) return false;
    if (f.table && idea.table_id !== f.table) return false;
    if (f.round && idea.round_id !== f.round) return false;
    return true;
  }

  function bump(selector) {
    var node = document.querySelector(selector);
    if (node) node.textContent = String((Number(node.textContent) || 0) + 1);
  }

  function addIdea(idea) {
    if (idea.id > cursor) cursor = idea.id;
    if (seen[idea.id]) return false;
    seen[idea.id] = true;
    total += 1;
    showTotal();
    bump('[data-venue-count="' + idea.venue + '"]');
    bump('tr[data-table="' + idea.table_id + '"] [data-field="ideas"]');
    if (!matches(idea)) return true;
    var li = document.createElement("li");
    li.className = "live-item" + (idea.dissent ? " live-dissent" : "");
    li.dataset.id = idea.id;
    var badge = document.createElement("span");
    badge.className = "badge badge-table";
    badge.textContent = idea.table;
    li.appendChild(badge);
    li.appendChild(document.createTextNode(" "));
    if (idea.dissent) {
      var d = document.createElement("span");
      d.className = "badge bg-secondary";
      d.textContent = text.dissent;
      li.appendChild(d);
      li.appendChild(document.createTextNode(" "));
    }
    var body = document.createElement("span");
    body.className = "live-text";
    body.textContent = idea.text; // user text: never innerHTML
    li.appendChild(body);
    (idea.themes || []).forEach(function (t) {
      var s = document.createElement("span");
      s.className = "small text-secondary";
      s.textContent = " · " + t.label;
      li.appendChild(s);
    });
    feed.insertBefore(li, feed.firstChild);
    return true;
  }

  function updateTable(t) {
    var row = document.querySelector('tr[data-table="' + t.id + '"]');
    if (!row) return;
    var last = row.querySelector('[data-field="last_seen"]');
    last.dataset.iso = t.last_seen_at || "";
    last.textContent = t.last_seen_at ? new Date(t.last_seen_at).toLocaleTimeString() : "–";
    row.querySelector('[data-field="queued"]').textContent = t.queued;
    if (typeof t.ideas === "number") row.querySelector('[data-field="ideas"]').textContent = t.ideas;
    markStale();
  }

  function markStale() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll('[data-field="last_seen"]'), function (td) {
      var at = td.dataset.iso ? Date.parse(td.dataset.iso) : 0;
      td.classList.toggle("live-stale", !!at && now - at > 30000);
    });
  }

  // New ideas refresh the board at most every BOARD_IDEAS_MS (the feed shows them at once; a board render
  // is the heaviest request of the day, and every regia screen makes its own); a change of the board
  // itself ({"type": "themes"}) refreshes it within a second.
  var BOARD_IDEAS_MS = 5000;
  var lastBoard = 0;

  function reloadBoard(soon) {
    if (boardTimer) {
      if (!soon) return;
      window.clearTimeout(boardTimer);
    }
    var wait = soon ? 800 : Math.max(800, lastBoard + BOARD_IDEAS_MS - Date.now());
    boardTimer = window.setTimeout(function () {
      boardTimer = null;
      var board = document.getElementById("temi");
      var busy = board && (board.contains(document.activeElement) && document.activeElement !== document.body ||
        board.querySelector(".live-edit:not(:empty)"));
      if (busy) { reloadBoard(soon); return; }
      lastBoard = Date.now();
      if (window.htmx) window.htmx.ajax("GET", config.board, { target: "#temi", swap: "outerHTML" });
    }, wait);
  }

  function resync(from, upto, count) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      var msg = { type: "resync", cursor: from };
      if (typeof upto === "number") { msg.upto = upto; msg.count = count; }
      socket.send(JSON.stringify(msg));
    }
  }

  function heldBetween(after, upto) {
    var n = 0;
    for (var id in seen) {
      var k = Number(id);
      if (k > after && k <= upto) n += 1;
    }
    return n;
  }

  function setConnection(ok) {
    var node = document.getElementById("regia-connection");
    node.textContent = ok ? text.online : text.offline;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + config.ws);
    socket.onopen = function () {
      delay = 1000;
      setConnection(true);
      resync(cursor);
    };
    socket.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "idea") {
        if (addIdea(msg.idea)) reloadBoard();
      } else if (msg.type === "ideas") {
        var added = false;
        msg.ideas.forEach(function (idea) { added = addIdea(idea) || added; });
        if (msg.cursor > cursor) cursor = msg.cursor;
        if (added) reloadBoard();
        if (msg.more) resync(cursor);
      } else if (msg.type === "table") {
        updateTable(msg.table);
      } else if (msg.type === "themes") {
        reloadBoard(true);
      }
    };
    socket.onclose = function () {
      socket = null;
      setConnection(false);
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  // A form opened in the board takes the focus (keyboard and screen-reader users land in it).
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail && event.detail.target;
    if (!panel || !panel.classList || !panel.classList.contains("live-edit")) return;
    var first = panel.querySelector("select, input:not([type=hidden]), textarea, button");
    if (first) first.focus();
  });

  // A form opened in the board (move an idea, edit a theme) holds the board's refreshes until it is closed.
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-close-edit]");
    var panel = close && close.closest(".live-edit");
    if (!panel) return;
    event.preventDefault();
    var opener = document.querySelector('[hx-target="#' + panel.id + '"]');
    panel.innerHTML = "";
    if (opener) opener.focus();
  });

  window.setInterval(function () {
    var upto = cursor;
    if (upto > lagCursor) resync(lagCursor, upto, heldBetween(lagCursor, upto));
    else resync(lagCursor);
    lagCursor = upto;
  }, 15000);
  window.setInterval(markStale, 5000);
  markStale();
  connect();
})();
