/* newsdash tracker. No cookies, no storage, no dependencies.
   Article id: <meta name="nd:article" content="ID"> or an element with data-nd-article="ID".
   Sends "view" on load; "like", "comment", "share" when an element with data-nd-event="like"
   (or "share" with data-nd-channel="kakaotalk", ...) is clicked, when a form with
   data-nd-event="comment" is submitted, or when the page calls newsdash.track("share",
   {channel: "line"}). Events of one moment go in one beacon to the "e" beside this script. */
(function (w, d) {
  var me = d.currentScript || d.querySelector('script[src*="t.js"]'),
      E = me.src.replace(/t\.js([?#].*)?$/, "e"), q = [], pv;

  function rid() {
    var a = crypto.getRandomValues(new Uint8Array(12)), s = "", i;
    for (i = 0; i < a.length; i++) s += (a[i] + 256).toString(16).slice(1);
    return s;
  }

  function article() {
    var m = d.querySelector('meta[name="nd:article"]'), e;
    if (m) return m.content;
    e = d.querySelector("[data-nd-article]");
    return e && e.getAttribute("data-nd-article");
  }

  function cut(u) {
    return String(u).slice(0, 2000);
  }

  function send() {
    var b;
    while (q.length) {
      b = JSON.stringify(q.splice(0, 50));
      if (!(navigator.sendBeacon && navigator.sendBeacon(E, b))) {
        fetch(E, {method: "POST", body: b, keepalive: true, credentials: "omit",
                  headers: {"Content-Type": "text/plain"}}).catch(function () {});
      }
    }
  }

  function track(type, props) {
    var a = (props && props.article_id) || article(), e;
    if (!a) return;
    e = {event_type: type, article_id: a, event_id: rid(), page_view_id: pv,
         url: cut(location.href)};
    if (props && props.channel) e.channel = props.channel;
    if (type == "view" && d.referrer) e.referrer = cut(d.referrer);
    if (q.push(e) == 1) (w.queueMicrotask || setTimeout)(send);
  }

  function view() {
    pv = rid();
    track("view");
  }

  d.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-nd-event]");
    if (el && el.tagName != "FORM") {
      track(el.getAttribute("data-nd-event"), {channel: el.getAttribute("data-nd-channel")});
    }
  }, true);
  d.addEventListener("submit", function (ev) {
    var f = ev.target, t = f.getAttribute && f.getAttribute("data-nd-event");
    if (t) track(t);
  }, true);
  w.addEventListener("pageshow", function (ev) {
    if (ev.persisted) view(); // restored from the back/forward cache: a new page view
  });
  w.newsdash = {track: track};
  if (d.readyState == "loading") d.addEventListener("DOMContentLoaded", view);
  else view();
})(window, document);
