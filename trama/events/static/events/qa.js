/* Live Q&A: a WebSocket per event tells the page that something changed; the page then re-reads the truth
   (the big screen renders the pushed state, the other pages re-fetch their htmx fragment). If the socket
   cannot be opened or drops, the page polls until it can reconnect. User text is only set as textContent. */
(function () {
  "use strict";
  var root = document.querySelector("[data-qa-ws]");
  if (!root) { return; }
  var wsPath = root.getAttribute("data-qa-ws");
  var stateUrl = root.getAttribute("data-qa-state");
  var mode = root.getAttribute("data-qa-mode");
  var pollMs = parseInt(root.getAttribute("data-qa-poll") || "4000", 10);
  var socket = null;
  var pollTimer = null;
  var retries = 0;
  var sawFirstState = false;

  function byId(id) { return document.getElementById(id); }

  function renderScreen(state) {
    var box = byId("on-screen");
    var text = byId("on-screen-text");
    var author = byId("on-screen-author");
    var votes = byId("on-screen-votes");
    if (state.on_screen) {
      text.textContent = state.on_screen.text;
      author.textContent = state.on_screen.author || "";
      votes.textContent = String(state.on_screen.votes);
      box.setAttribute("data-question", String(state.on_screen.id));
      box.classList.remove("is-empty");
    } else {
      text.textContent = box.getAttribute("data-empty-text") || "";
      author.textContent = "";
      votes.textContent = "0";
      box.setAttribute("data-question", "");
      box.classList.add("is-empty");
    }
    var list = byId("top-questions");
    if (list) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      var shown = 0;
      for (var i = 0; i < state.questions.length && shown < 5; i += 1) {
        var q = state.questions[i];
        if (state.on_screen && q.id === state.on_screen.id) { continue; }
        var li = document.createElement("li");
        var count = document.createElement("span");
        count.className = "screen-votes";
        count.textContent = String(q.votes);
        li.appendChild(count);
        li.appendChild(document.createTextNode(" " + q.text));
        list.appendChild(li);
        shown += 1;
      }
    }
    var counter = byId("questions-count");
    if (counter) { counter.textContent = String(state.count); }
  }

  function changed(state) {
    if (mode === "screen") {
      if (state) { renderScreen(state); }
    } else if (window.htmx) {
      window.htmx.trigger(document.body, "qa-changed");
    }
  }

  function poll() {
    if (mode !== "screen") { changed(null); return; }
    fetch(stateUrl, { headers: { "Accept": "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { changed(state); } })
      .catch(function () { /* the next tick tries again */ });
  }

  function startPolling() {
    root.setAttribute("data-qa-transport", "polling");
    if (pollTimer === null) { pollTimer = window.setInterval(poll, pollMs); }
  }

  function stopPolling() {
    if (pollTimer !== null) { window.clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + wsPath);
    } catch (e) {
      startPolling();
      return;
    }
    socket.onopen = function () {
      retries = 0;
      stopPolling();
      root.setAttribute("data-qa-transport", "websocket");
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type !== "state") { return; }
      // The page was just rendered from the same state: only the screen needs the first one.
      if (!sawFirstState && mode !== "screen") { sawFirstState = true; return; }
      sawFirstState = true;
      changed(message.state);
    };
    socket.onclose = function () {
      socket = null;
      startPolling();
      retries += 1;
      window.setTimeout(connect, Math.min(30000, 2000 * retries));
    };
  }

  connect();
}());
