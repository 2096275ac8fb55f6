/* Trama – facilitator screen. Offline-safe sending of a table's ideas (PROTOCOL.md).
 *
 * Every idea gets a client UUID and is written to localStorage BEFORE it is sent; it is sent over the
 * WebSocket (HTTP POST when the socket is down) and resent with exponential backoff, on reconnect and on the
 * browser's "online" event, until the server acks it. The server stores each UUID once, so resending is safe.
 * A retry resends only the ideas whose last attempt (lastSent) is older than the current retry delay, so a
 * new idea does not drag along the ones sent a moment ago; a (re)connection resends everything unacked.
 */
(function () {
  "use strict";

  var root = document.getElementById("facilitator");
  var configNode = document.getElementById("live-config");
  if (!root || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var text = root.dataset;
  var storeKey = "trama.live.ideas." + config.token;
  var HEARTBEAT_MS = 10000;
  var ideas = load();
  var socket = null;
  var socketOpen = false;
  var closedForGood = false;
  var retryDelay = 1000;
  var retryTimer = null;
  var reconnectDelay = 1000;
  var connectingSince = 0;
  var round = config.round;

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    // Not a secure context (plain http on a venue LAN): build a v4 UUID from getRandomValues.
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(storeKey) || "[]");
      return Array.isArray(data) ? data : [];
    } catch (e) {
      return [];
    }
  }

  function save() {
    window.localStorage.setItem(storeKey, JSON.stringify(ideas));
  }

  function unacked() {
    return ideas.filter(function (i) { return i.state === "pending" || i.state === "sent"; });
  }

  function find(uuid) {
    for (var i = 0; i < ideas.length; i++) if (ideas[i].uuid === uuid) return ideas[i];
    return null;
  }

  // ------------------------------------------------------------ rendering

  function render() {
    var list = document.getElementById("my-ideas");
    list.textContent = "";
    ideas.slice().reverse().forEach(function (idea) {
      var li = document.createElement("li");
      li.className = "live-idea live-idea-" + idea.state;
      li.dataset.uuid = idea.uuid;
      li.dataset.state = idea.state;
      var p = document.createElement("p");
      p.className = "mb-1";
      p.textContent = idea.text; // never innerHTML: user text
      var s = document.createElement("p");
      s.className = "small mb-0 live-idea-state";
      s.textContent = text["state" + idea.state.charAt(0).toUpperCase() + idea.state.slice(1)] +
        (idea.dissent ? " · ⚑" : "") + (idea.error ? " – " + idea.error : "");
      li.appendChild(p);
      li.appendChild(s);
      list.appendChild(li);
    });
    var n = unacked().length;
    document.getElementById("queued").textContent = n ? n + " " + text.queued : "";
  }

  function setConnection(message, ok) {
    var node = document.getElementById("connection");
    node.textContent = message;
    node.classList.toggle("live-online", !!ok);
    node.classList.toggle("live-offline", !ok);
  }

  function showRound(r) {
    round = r;
    document.getElementById("round-question").textContent = r ? r.question : text.noRound;
    tick();
  }

  function tick() {
    var node = document.getElementById("round-timer");
    if (!round || !round.opened_at) { node.textContent = ""; return; }
    var end = Date.parse(round.opened_at) + round.duration_minutes * 60000;
    var left = Math.round((end - Date.now()) / 1000);
    if (left <= 0) { node.textContent = text.timeOver; return; }
    var m = Math.floor(left / 60), s = left % 60;
    node.textContent = text.timeLeft + ": " + m + ":" + (s < 10 ? "0" : "") + s;
  }

  // ------------------------------------------------------------ sending

  function frame(idea) {
    return {
      type: "idea", uuid: idea.uuid, text: idea.text, axis: idea.axis, strategy: idea.strategy,
      dissent: idea.dissent, round: idea.round, sent_at: idea.created
    };
  }

  function onAnswer(answer) {
    var idea = find(answer.uuid);
    if (!idea) return;
    if (answer.type === "ack") {
      idea.state = "received";
      idea.id = answer.id;
      idea.error = "";
      retryDelay = 1000;
    } else if (answer.type === "error" && answer.code === "invalid") {
      idea.state = "error";
      var errors = answer.errors || {};
      idea.error = Object.keys(errors).map(function (k) { return errors[k].join(" "); }).join(" ");
    } else if (answer.type === "error" && answer.code === "forbidden") {
      closedForGood = true;
      setConnection(text.closed, false);
    }
    save();
    render();
  }

  function postIdea(idea) {
    return fetch(config.ideas, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(frame(idea)),
      credentials: "omit",
      cache: "no-store"
    }).then(function (r) {
      if (r.status === 404) { closedForGood = true; setConnection(text.closed, false); return null; }
      return r.json();
    }).then(function (answer) { if (answer) onAnswer(answer); });
  }

  // Send the unacked ideas that are due: never sent, or last sent at least `due` ms ago (0: all of them,
  // after a (re)connection, since what went over a dropped socket may be lost with it).
  function flush(due) {
    if (closedForGood) return;
    var waiting = unacked();
    if (!waiting.length) return;
    if (!navigator.onLine) { scheduleRetry(); return; }
    // While the socket is opening, wait for it (onopen flushes); if it hangs, use HTTP.
    if (socket && !socketOpen && Date.now() - connectingSince < 5000) { scheduleRetry(); return; }
    var now = Date.now();
    var minAge = typeof due === "number" ? due : retryDelay;
    waiting.forEach(function (idea) {
      // 50 ms of slack: a retry timer fires a little early or late.
      if (idea.lastSent && now - idea.lastSent < minAge - 50) return;
      if (socketOpen) {
        socket.send(JSON.stringify(frame(idea)));
      } else {
        postIdea(idea).catch(function () { /* still offline: the next retry sends it */ });
      }
      idea.lastSent = now;
      if (idea.state === "pending") idea.state = "sent";
    });
    save();
    render();
    scheduleRetry();
  }

  function scheduleRetry() {
    if (retryTimer) window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      if (unacked().length) {
        var due = retryDelay;
        retryDelay = Math.min(retryDelay * 2, 30000);
        flush(due);
      }
    }, retryDelay);
  }

  // 48 tables that lost the venue's Wi-Fi together must not come back, and beat, all in the same instant:
  // every wait is spread over ±20 % of its nominal value.
  function jittered(ms) {
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  }

  function beatLater() {
    window.setTimeout(function () { heartbeat(); beatLater(); }, jittered(HEARTBEAT_MS));
  }

  function heartbeat() {
    if (closedForGood || !navigator.onLine) return;
    var queued = unacked().length;
    if (socketOpen) {
      socket.send(JSON.stringify({ type: "heartbeat", queued: queued }));
    } else {
      fetch(config.heartbeat, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ queued: queued }), credentials: "omit"
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && "round" in data) showRound(data.round); })
        .catch(function () {});
    }
  }

  // ------------------------------------------------------------ socket

  function connect() {
    if (closedForGood || socket || !navigator.onLine) return;
    setConnection(text.connecting, false);
    connectingSince = Date.now();
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + config.ws);
    socket.onopen = function () {
      socketOpen = true;
      reconnectDelay = 1000;
      retryDelay = 1000;
      setConnection(text.online, true);
      heartbeat();
      flush(0);
    };
    socket.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "hello") showRound(msg.round);
      else if (msg.type === "round") showRound(msg.round);
      else if (msg.type === "ack" || msg.type === "error") onAnswer(msg);
    };
    socket.onclose = function (event) {
      socket = null;
      socketOpen = false;
      if (event.code === 4403) { closedForGood = true; setConnection(text.closed, false); return; }
      setConnection(navigator.onLine ? text.connecting : text.offline, false);
      window.setTimeout(connect, jittered(reconnectDelay));
      reconnectDelay = Math.min(reconnectDelay * 2, 30000);
      flush(0); // falls back to HTTP while the socket is down
    };
  }

  window.addEventListener("offline", function () {
    setConnection(text.offline, false);
    if (socket) socket.close();
  });
  window.addEventListener("online", function () {
    retryDelay = 1000;
    reconnectDelay = 1000;
    connect();
    flush(0);
  });

  document.getElementById("idea-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var area = document.getElementById("idea-text");
    var error = document.getElementById("idea-text-error");
    var value = area.value.trim();
    if (!value) {
      error.textContent = text.empty;
      area.setAttribute("aria-invalid", "true");
      area.focus();
      return;
    }
    error.textContent = "";
    area.removeAttribute("aria-invalid");
    var axis = document.getElementById("idea-axis");
    var strategy = document.getElementById("idea-strategy");
    var dissent = document.getElementById("idea-dissent");
    ideas.push({
      uuid: uuid4(),
      text: value,
      axis: axis && axis.value ? Number(axis.value) : null,
      strategy: strategy && strategy.value ? Number(strategy.value) : null,
      dissent: dissent.checked,
      round: round ? round.id : null,
      created: Date.now(),
      state: "pending"
    });
    save(); // stored before any attempt to send
    area.value = "";
    dissent.checked = false;
    render();
    flush();
    area.focus();
  });

  render();
  if (!navigator.onLine) setConnection(text.offline, false);
  connect();
  flush(0);
  beatLater();
  window.setInterval(tick, 1000);
})();
