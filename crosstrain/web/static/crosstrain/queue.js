// The offline queue: sets and finishes logged on this phone, kept in IndexedDB until the server has them.
// Loaded by the pages (offline.js uses it) and by the service worker (Background Sync), so both send the same way.
// No library: IndexedDB's few calls are wrapped in promises below, and a build step would be more code than this.
//
// An item: {clientId, kind: "set" | "finish", userId, sessionId, exerciseId, numbers, label, createdAt,
//           early, partly (a finish: what the runner confirmed), state: "pending", attempts, nextTry}
// The server makes replays exactly-once: the same client id is stored once (201 the first time, 200 after).
// Nothing invalid stays here (issue 22): a set is checked before it is queued (setProblems, the server's limits),
// and an item the server refuses (a 4xx other than sign-in or too many requests) is dropped and handed back with
// the server's reason, to show on that set; only a network error, 429 or 5xx keeps an item for another try. An
// item an older version kept as "failed" is checked again and sent once more: refused, it goes the same way.
(function (scope) {
  "use strict";
  const DB_NAME = "crosstrain-offline";
  const STORE = "items";
  const config = { api: "/api/v1/", offline: "/me/offline/" };
  let running = null; // one sync at a time in this page or worker

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function open() {
    const req = scope.indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "clientId" }); };
    return request(req);
  }

  async function withStore(mode, action) {
    const db = await open();
    try {
      const tx = db.transaction(STORE, mode);
      const result = await request(action(tx.objectStore(STORE)));
      await new Promise(function (resolve, reject) {
        tx.oncomplete = resolve;
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
      return result;
    } finally {
      db.close();
    }
  }

  function all() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return items.sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0; });
    });
  }
  function put(item) { return withStore("readwrite", function (store) { return store.put(item); }); }
  function remove(clientId) { return withStore("readwrite", function (store) { return store.delete(clientId); }); }

  // Who is signed in (only their own items are sent) and a fresh CSRF token; null when nobody (or not a runner).
  async function whoami() {
    const response = await fetch(config.offline, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual", // signed out: the login redirect, not the login page
      cache: "no-store",
    });
    if (response.status !== 200) return null;
    return response.json();
  }

  function reasonOf(body, status) {
    const detail = body && body.detail;
    if (typeof detail === "string") return detail;
    // ninja's validation errors: a list of {loc, msg}
    if (Array.isArray(detail)) {
      return detail.map(function (d) { return (d.loc ? d.loc[d.loc.length - 1] + ": " : "") + d.msg; }).join("; ");
    }
    return "the server answered " + status;
  }

  // The server's limits for a set (crosstrain.web.forms.SetLogForm, crosstrain.api.schemas.SetIn and
  // crosstrain.training.services.set_log_validate), in its words: a list of problems, empty when it may be sent.
  // `exercise` ({timed, unit, name}) says whether reps or seconds are needed; without it, one of them is.
  const LIMITS = { reps: 100, seconds: 600, kg: 500, lb: 1100, rir: 10, pain: 10 };
  function whole(value) { return typeof value === "number" && Number.isInteger(value); }
  function setProblems(numbers, exercise) {
    const problems = [];
    ["reps", "seconds", "rir", "pain"].forEach(function (name) {
      const value = numbers[name];
      if (value === null || value === undefined) return;
      if (!whole(value) || value < 0 || value > LIMITS[name]) {
        problems.push(name + ": enter a whole number from 0 to " + LIMITS[name]);
      }
    });
    // The load in its unit (kg or lb, as the form says), or an older queued set's load_kg.
    const typed = numbers.load !== null && numbers.load !== undefined ? numbers.load : numbers.load_kg;
    if (typed !== null && typed !== undefined) {
      const unit = numbers.load !== null && numbers.load !== undefined ? numbers.load_unit || "kg" : "kg";
      const text = String(typed);
      const amount = Number(text);
      if (!/^\d+(\.\d{1,2})?$/.test(text) || !(amount >= 0 && amount <= LIMITS[unit])) {
        problems.push("load: enter the load from 0 to " + LIMITS[unit] + " " + unit + ", to at most 2 decimals (e.g. 22.5)");
      }
    }
    if (numbers.note && numbers.note.length > 300) problems.push("note: at most 300 characters");
    const name = exercise && exercise.name ? exercise.name : "this exercise";
    if (exercise && exercise.timed) {
      if (numbers.seconds === null || numbers.seconds === undefined) {
        problems.push("seconds: " + name + " is a hold: enter the seconds you held it");
      }
    } else if (exercise) {
      if (numbers.reps === null || numbers.reps === undefined) {
        problems.push("reps: enter the " + (exercise.unit || "reps") + " you did in this set of " + name);
      }
    } else if ((numbers.reps === null || numbers.reps === undefined) && (numbers.seconds === null || numbers.seconds === undefined)) {
      problems.push("reps: enter the reps you did in this set (or the seconds of a hold)");
    }
    return problems;
  }

  function backoff(item) {
    item.attempts = (item.attempts || 0) + 1;
    item.nextTry = Date.now() + Math.min(5000 * Math.pow(2, item.attempts - 1), 5 * 60 * 1000);
  }

  function post(item, me) {
    let url;
    let body;
    if (item.kind === "set") {
      url = config.api + "sessions/" + item.sessionId + "/sets";
      body = JSON.stringify(Object.assign(
        { client_id: item.clientId, exercise_id: item.exerciseId, logged_at: item.createdAt }, item.numbers));
    } else {
      url = config.api + "sessions/" + item.sessionId + "/finish?logged_at=" + encodeURIComponent(item.createdAt) +
        (item.early ? "&early=true" : "") + (item.partly ? "&partly=true" : "");
    }
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": me.csrf },
      body: body,
    });
  }

  // Send one item. Answers "sent", "refused" (dropped, with the server's reason), "signin" or "later" (429/5xx).
  async function send(item, me, notices, sent) {
    let response = await post(item, me);
    let body = await response.json().catch(function () { return null; });
    if (response.status === 403 && /csrf/i.test(reasonOf(body, 403))) {
      // The token went stale (a new sign-in rotates it): fetch a fresh one and try once more.
      const fresh = await whoami();
      if (!fresh || fresh.user !== me.user) return { outcome: "signin" };
      me.csrf = fresh.csrf;
      response = await post(item, me);
      body = await response.json().catch(function () { return null; });
    }
    const status = response.status;
    if (status === 200 || status === 201) {
      await remove(item.clientId);
      sent.push(item);
      if (item.kind === "set" && body && body.program_live === false) {
        const day = new Date(body.session_date + "T12:00:00").toLocaleDateString("en-GB", { weekday: "long" });
        notices.push("Saved to " + day + "'s session of your previous program.");
      }
      return { outcome: "sent" };
    }
    if (status === 401 || status === 403) return { outcome: "signin", reason: reasonOf(body, status) };
    if (status === 429 || status >= 500) {
      backoff(item);
      await put(item);
      return { outcome: "later", reason: status === 429 ? "the server is busy, trying again soon" : reasonOf(body, status) };
    }
    // Refused for good (422 a value the server will not take, 404 a session no longer the runner's): sending it
    // again would only be refused again. It leaves the phone, and the page shows it with the reason.
    await remove(item.clientId);
    return { outcome: "refused", reason: reasonOf(body, status) };
  }

  // Send this user's waiting items: sets oldest first, then each finish once its session's sets are in.
  // Answers {state: "saved" | "signin" | "offline" | "later", reason, notices, sent: [items sent],
  //          refused: [{item, reason}]: items dropped, refused by the server or invalid}.
  async function syncOnce(force) {
    const notices = [];
    const sent = [];
    const refused = [];
    const answer = function (state, reason) {
      return { state: state, reason: reason, notices: notices, sent: sent, refused: refused };
    };
    let items = await all();
    if (!items.length) return answer("saved");
    let me;
    try {
      me = await whoami();
    } catch (error) {
      return answer("offline");
    }
    if (!me) return answer("signin");
    items = items.filter(function (i) { return i.userId === me.user; });
    const now = Date.now();
    const ordered = items.filter(function (i) { return i.kind === "set"; })
      .concat(items.filter(function (i) { return i.kind === "finish"; }));
    let result = answer("saved");
    for (const item of ordered) {
      if (item.kind === "set") {
        // An entry queued before sets were checked on the phone (it once waited for ever with "null reps").
        const problems = setProblems(item.numbers || {}, null);
        if (problems.length) {
          await remove(item.clientId);
          refused.push({ item: item, reason: problems.join("; ") });
          continue;
        }
      }
      if (!force && item.state !== "failed" && item.nextTry && item.nextTry > now) { result = answer("later"); continue; }
      if (item.kind === "finish") {
        const unsent = (await all()).some(function (i) {
          return i.kind === "set" && i.userId === me.user && i.sessionId === item.sessionId;
        });
        if (unsent) continue;
      }
      let outcome;
      try {
        outcome = await send(item, me, notices, sent);
      } catch (error) {
        return answer("offline");
      }
      if (outcome.outcome === "signin") return answer("signin", outcome.reason);
      if (outcome.outcome === "later") return answer("later", outcome.reason);
      if (outcome.outcome === "refused") refused.push({ item: item, reason: outcome.reason });
    }
    return result;
  }

  function sync(force) {
    if (!running) running = syncOnce(Boolean(force)).finally(function () { running = null; });
    return running;
  }

  scope.CrosstrainQueue = {
    configure: function (options) { Object.assign(config, options); },
    all: all,
    put: put,
    remove: remove,
    sync: sync,
    setProblems: setProblems,
    available: Boolean(scope.indexedDB),
  };
})(self);
