// The big screen: state over a WebSocket (sent on connect, pushed after every change), polling
// stato.json every 5 s whenever the socket is down. Pushes are hints: every message carries the
// whole state, so a lost one is repaired by the next.
(function () {
  "use strict";
  var root = document.getElementById("screen");
  var board = document.getElementById("board");
  var status = document.getElementById("connection");
  var socket = null;
  var pollTimer = null;
  var retry = 1000;
  var loading = false;

  var lang = document.documentElement.lang || "it";
  function pct(n) { return Number(n).toLocaleString(lang, { maximumFractionDigits: 1 }) + "%"; }

  function setText(selector, value, scope) {
    var el = (scope || board).querySelector(selector);
    if (el) { el.textContent = String(value); }
  }

  function numbers(state) {
    var poll = state.poll;
    if (!poll) { return; }
    setText("[data-turnout-percent]", pct(poll.turnout.percent));
    setText("[data-turnout-ballots]", poll.turnout.ballots);
    setText("[data-turnout-tokens]", poll.turnout.tokens);
    setText("[data-turnout-paper]", poll.turnout.paper_ballots);
    var list = board.querySelector("[data-options]");
    poll.options.forEach(function (o) {
      var row = board.querySelector('[data-option="' + o.id + '"]');
      if (!row) { return; }
      setText("[data-total]", o.total, row);
      setText("[data-paper]", o.paper, row);
      var wrap = row.querySelector("[data-paper-wrap]");
      if (wrap) { wrap.hidden = !o.paper; }
      var bar = row.querySelector("[data-bar]");
      if (bar) { bar.style.width = o.bar + "%"; }
      if (list) { list.appendChild(row); }  // options arrive best first: re-append in that order
      Object.keys(o.by_venue).forEach(function (letter) {
        var tr = board.querySelector('[data-venue="' + letter + '"]');
        if (tr) { setText('[data-cell="' + o.id + '"]', o.by_venue[letter], tr); }
      });
    });
    poll.venues.forEach(function (v) {
      var tr = board.querySelector('[data-venue="' + v.letter + '"]');
      if (!tr) { return; }
      setText("[data-venue-percent]", pct(v.percent), tr);
      setText("[data-venue-ballots]", v.ballots, tr);
      setText("[data-venue-tokens]", v.tokens, tr);
    });
  }

  function apply(state) {
    if (!state || state.type !== "state") { return; }
    if (state.shape !== root.dataset.shape) {
      // A new poll, a closed one, new themes: fetch the board's HTML once, then apply the figures.
      if (loading) { return; }
      loading = true;
      fetch(root.dataset.fragment, { headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { board.innerHTML = html; root.dataset.shape = state.shape; numbers(state); })
        .catch(function () {})
        .then(function () { loading = false; });
      return;
    }
    numbers(state);
  }

  function poll() {
    fetch(root.dataset.state, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(apply)
      .catch(function () {});
  }

  function startPolling() {
    if (pollTimer) { return; }
    status.textContent = status.dataset.pollLabel;
    pollTimer = window.setInterval(poll, 5000);
  }

  function stopPolling() {
    if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + root.dataset.ws);
    } catch (e) {
      startPolling();
      return;
    }
    socket.onopen = function () {
      retry = 1000;
      stopPolling();
      status.textContent = status.dataset.liveLabel;
      socket.send(JSON.stringify({ type: "resync" }));
    };
    socket.onmessage = function (event) {
      try { apply(JSON.parse(event.data)); } catch (e) { /* a malformed hint is ignored */ }
    };
    socket.onclose = function (event) {
      startPolling();
      if (event.code === 4403) { return; }
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }

  root.dataset.shape = root.dataset.shape || "";
  startPolling();
  connect();
})();
