/* newsdash tracker: no cookies, no storage, no dependencies. What it sends and the page
   markup it reads: README "Collecting events" and "The tracker". */
(function (w, d) {
  var me = d.currentScript || d.querySelector('script[src*="t.js"]'),
      E = me.src.replace(/t\.js([?#].*)?$/, "e"), q = [], pv, ms, pct, end, sent, seen, input,
      tick, gap, beat, now = Date.now;

  function rid() {
    var a = crypto.getRandomValues(new Uint8Array(12)), s = "", i;
    for (i = 0; i < a.length; i++) s += (a[i] + 256).toString(16).slice(1);
    return s;
  }

  function article() {
    var m = d.querySelector('meta[name="nd:article"]'), e = d.querySelector("[data-nd-article]");
    return m ? m.content : e && e.getAttribute("data-nd-article");
  }

  function send() {
    while (q.length) {
      fetch(E, {method: "POST", body: JSON.stringify(q.splice(0, 50)), keepalive: true,
                credentials: "omit", headers: {"Content-Type": "text/plain"}})
        .catch(function () {});
    }
  }

  function track(type, props) {
    var a = (props && props.article_id) || article(), e, k;
    if (!a) return;
    e = {event_type: type, article_id: a, event_id: rid(), page_view_id: pv,
         url: location.href.slice(0, 2000)};
    for (k in props) if (props[k] != null && k != "article_id") e[k] = props[k];
    if (type == "view" && d.referrer) e.referrer = d.referrer.slice(0, 2000);
    if (q.push(e) == 1) queueMicrotask(send);
  }

  function active() {
    return !d.hidden && d.hasFocus() && now() - input < 5000;
  }

  function count() { // adds the time since the last count, if the reader was engaged
    var t = now();
    if (active()) ms += Math.min(t - tick, 5000);
    tick = t;
  }

  function depth() {
    var h = d.documentElement.scrollHeight - innerHeight;
    pct = Math.max(pct, h > 0 ? Math.min(100, Math.round(scrollY / h * 100)) : 100);
  }

  function engage() {
    count();
    var s = ms + "," + pct + "," + end;
    if (s != sent && (ms || pct)) {
      sent = s;
      track("engage", {engaged_ms: ms, scroll_pct: pct, read_to_end: end});
    }
  }

  function heartbeat() {
    clearTimeout(beat);
    beat = setTimeout(function () {
      if (active()) engage();
      gap = Math.min(gap * 1.5, 120000);
      heartbeat();
    }, gap);
  }

  function view() {
    pv = rid();
    ms = pct = 0;
    end = false;
    sent = "";
    seen = {};
    input = tick = now();
    gap = 10000;
    depth();
    track("view");
    heartbeat();
  }

  function box(el) { // [widget, position, the item] of a box item, or nothing
    var i = el.closest && el.closest("[data-nd-pos]"), b = i && i.closest("[data-nd-widget]");
    return b && [b.getAttribute("data-nd-widget"), +i.getAttribute("data-nd-pos"), i];
  }

  function watch() {
    var timers = [], o = new IntersectionObserver(function (list) {
      list.forEach(function (x) {
        var t = x.target, b, k;
        if (t.hasAttribute("data-nd-article-end")) {
          if (x.isIntersecting) end = true;
          return;
        }
        b = box(t);
        k = b[0] + b[1];
        clearTimeout(timers[k]);
        if (x.intersectionRatio >= 0.5) timers[k] = setTimeout(function () {
          if (!seen[k]) track("widget_view", {widget: b[0], position: b[1]});
          seen[k] = 1;
        }, 1000);
      });
    }, {threshold: [0, 0.5]});
    d.querySelectorAll("[data-nd-widget] [data-nd-pos], [data-nd-article-end]")
      .forEach(function (e) { o.observe(e); });
  }

  ["scroll", "keydown", "pointerdown", "pointermove", "touchstart"].forEach(function (t) {
    w.addEventListener(t, function () {
      count();
      input = now();
      if (t == "scroll") depth();
    }, {capture: 1, passive: 1});
  });
  setInterval(count, 1000);
  d.addEventListener("visibilitychange", function () {
    if (d.hidden) engage();
    else tick = now();
  });
  d.addEventListener("click", function (ev) {
    var t = ev.target, el = t.closest && t.closest("[data-nd-event]"), b = box(t),
        a = b && t.closest("a[href]");
    if (el && el.tagName != "FORM") {
      track(el.getAttribute("data-nd-event"), {channel: el.getAttribute("data-nd-channel")});
    }
    if (a) {
      track("widget_click", {widget: b[0], position: b[1], target_article_id:
        b[2].getAttribute("data-nd-target") || a.pathname.split("/").pop()});
    }
  }, true);
  d.addEventListener("submit", function (ev) {
    var f = ev.target, t = f.getAttribute && f.getAttribute("data-nd-event");
    if (t) track(t);
  }, true);
  w.addEventListener("pagehide", engage);
  w.addEventListener("pageshow", function (ev) {
    if (ev.persisted) view(); // restored from the back/forward cache: a new page view
  });
  w.newsdash = {track: track};
  function start() {
    view();
    watch();
  }
  d.readyState == "loading" ? d.addEventListener("DOMContentLoaded", start) : start();
})(window, document);
