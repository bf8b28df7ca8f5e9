// The runner's app offline (issue 13): registers the service worker, keeps this week's and next week's pages on
// the phone, and takes over the set and finish forms so that a set logged without a signal is never lost.
//
// Each form.log / form.finish submit is stored in IndexedDB (queue.js) with a fresh client id, shown at once as
// "saved on this phone, will sync", and sent to the API when there is a connection: now, on `online`, on each page
// load, and by Background Sync where the browser has it. Without JavaScript (or IndexedDB) the forms post as before.
// A set is checked first with the server's limits (queue.js setProblems): a wrong one stays in its form with what to
// fix and is never queued. A set or finish the server refuses is dropped from the phone and shown where it was
// logged with the server's reason. Offline, a finish asks what the server would ask (crosstrain.core.finishing):
// "done early" before the session's day, and a confirmation to finish as partly done with sets missing.
// Events for other scripts (the rest timer, the session player), dispatched on the form and bubbling:
//   crosstrain:set-logged     detail {sessionId, exerciseId, rest, logged}  (logged: sets now shown, synced + pending)
//   crosstrain:session-finished   detail {sessionId}
(function () {
  "use strict";
  const Q = self.CrosstrainQueue;
  const status = document.getElementById("sync-status");
  if (!Q || !status) return;
  const user = status.dataset.user ? Number(status.dataset.user) : null;
  const isRunner = status.dataset.runner === "1";
  Q.configure({ api: status.dataset.api, offline: status.dataset.offline });
  const SYNC_TAG = "crosstrain-sync";
  let last = { state: "saved", notices: [] };
  const notices = []; // "saved to Tuesday's session of your previous program", shown until the page is left
  const sentHere = []; // sets sent since this page was rendered: shown as saved (the page's own list predates them)
  const refusedHere = []; // {item, reason}: sets and finishes the server refused (dropped from the phone) since
  const ONLINE_WAIT_MS = 2500; // online, a logged set shows once the server has it, unless it answers slower
  let retryTimer = null;

  // --- The service worker and the pages it keeps ---------------------------------------------------------------
  function worker() {
    return "serviceWorker" in navigator ? navigator.serviceWorker.ready : new Promise(function () {});
  }

  // Offline the registration already made stays in force; registering again would only fail to fetch /sw.js.
  if ("serviceWorker" in navigator && navigator.onLine) {
    // Without a worker (a browser that refuses it) the pages still log sets through the queue while online.
    navigator.serviceWorker.register(status.dataset.sw, { scope: "/" }).catch(function () {});
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      const data = event.data || {};
      if (data.type === "cached") document.documentElement.dataset.offlineReady = String(data.count);
      if (data.type === "synced") { remember(data.result); render(); }
    });
  }

  // While online, ask which pages to keep (they change as the weeks go by) and hand the list to the worker.
  async function keepPages(force) {
    if (!isRunner) {
      // Signed out, or someone who is not a runner: this phone keeps nobody's pages.
      worker().then(function (reg) { if (reg.active) reg.active.postMessage({ type: "forget" }); });
      return;
    }
    if (!navigator.onLine) return;
    const response = await fetch(status.dataset.offline, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const list = await response.json();
    const reg = await worker();
    if (reg.active) reg.active.postMessage({ type: "cache", user: list.user, pages: list.pages, force: Boolean(force) });
  }

  // --- Showing the queue ---------------------------------------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function label(numbers, unit) {
    const parts = [numbers.seconds !== null ? numbers.seconds + " s" : numbers.reps + " " + (unit || "reps")];
    // As _logged_set.html ("x" is for doses): the load as typed, in its unit (an older queued set: in kg).
    if (numbers.load !== null && numbers.load !== undefined) parts[0] += " with " + numbers.load + " " + numbers.load_unit;
    else if (numbers.load_kg !== null && numbers.load_kg !== undefined) parts[0] += " with " + numbers.load_kg + " kg";
    if (numbers.rir !== null) parts.push("RIR " + numbers.rir);
    if (numbers.pain) parts.push("pain " + numbers.pain + "/10");
    if (numbers.note) parts.push(numbers.note);
    return parts.join(" · ");
  }

  // Every list of an exercise's sets (session page and player) gets, after the sets it was rendered with, the
  // ones sent since and the ones waiting on this phone.
  function drawSets(mine) {
    const sentIds = new Set(sentHere.map(function (i) { return i.clientId; }));
    const shownItems = sentHere.concat(mine.filter(function (i) { return i.kind === "set" && !sentIds.has(i.clientId); }));
    document.querySelectorAll("ol.sets[data-sets-for]").forEach(function (list) {
      list.querySelectorAll("li[data-client-id]").forEach(function (li) { li.remove(); });
      let number = list.querySelectorAll("li:not(.refused)").length;
      shownItems.filter(function (i) { return i.exerciseId === Number(list.dataset.setsFor); })
        .forEach(function (item) {
          number += 1;
          const saved = sentIds.has(item.clientId);
          const li = el("li", saved ? "synced" : item.state === "failed" ? "failed" : "pending", "Set " + number + ": " + item.label);
          li.dataset.clientId = item.clientId;
          if (!saved && item.state === "failed") {
            li.append(" — ");
            li.append(el("strong", "bad", "not saved: " + item.reason + " "));
            const discard = el("button", "link", "Discard");
            discard.type = "button";
            discard.dataset.discard = item.clientId;
            li.append(discard);
          } else if (!saved) {
            li.append(" — ", el("span", "muted", "saved on this phone, will sync"));
          }
          list.append(li);
        });
      // Refused by the server: not a set of the session (not numbered, not counted), shown with the reason.
      refusedHere.filter(function (r) { return r.item.kind === "set" && r.item.exerciseId === Number(list.dataset.setsFor); })
        .forEach(function (r) {
          const li = el("li", "refused", "Not saved: " + r.item.label + " — ");
          li.dataset.clientId = r.item.clientId;
          li.append(el("strong", "bad", r.reason));
          list.append(li);
        });
    });
    document.querySelectorAll("form.log[data-exercise]").forEach(function (form) {
      const button = form.querySelector("button.primary");
      const planned = Number(form.dataset.setsPlanned || 0);
      const logged = shown(form.dataset.exercise);
      if (button && planned) button.textContent = logged >= planned ? "Log extra set" : "Log set " + (logged + 1) + " of " + planned;
    });
  }

  function shown(exerciseId) {
    const list = document.querySelector('ol.sets[data-sets-for="' + exerciseId + '"]');
    return list ? list.querySelectorAll("li:not(.refused)").length : 0;
  }

  // A finish the server refused: the form is back, with the server's reason.
  function finishRefused(form, reason) {
    let note = form.querySelector("[data-finish-refused]");
    if (!note) {
      note = el("p", "flash error");
      note.dataset.finishRefused = "";
      note.setAttribute("role", "alert");
      form.prepend(note);
    }
    note.textContent = reason;
  }

  // A session finished on this phone: its forms go, and the page says the finish will be sent.
  function drawFinishes(mine) {
    refusedHere.filter(function (r) { return r.item.kind === "finish"; }).forEach(function (r) {
      document.querySelectorAll('form.finish[data-session="' + r.item.sessionId + '"]').forEach(function (form) {
        form.hidden = false;
        const sent = form.nextElementSibling;
        if (sent && sent.matches(".finished-offline")) sent.remove();
        finishRefused(form, "Not finished: " + r.reason);
      });
      document.querySelectorAll('form.log[data-session="' + r.item.sessionId + '"]').forEach(function (f) { f.hidden = false; });
    });
    mine.filter(function (i) { return i.kind === "finish"; }).forEach(function (item) {
      document.querySelectorAll('form.log[data-session="' + item.sessionId + '"]').forEach(function (f) { f.hidden = true; });
      document.querySelectorAll('form.finish[data-session="' + item.sessionId + '"]').forEach(function (form) {
        form.hidden = true;
        if (!form.nextElementSibling || !form.nextElementSibling.matches(".finished-offline")) {
          form.after(el("p", "flash success finished-offline", "Finished — saved on this phone, will sync."));
        }
      });
    });
  }

  function drawStatus(items, mine) {
    status.replaceChildren();
    const waiting = mine.filter(function (i) { return i.kind === "set"; }).length;
    const finishes = mine.filter(function (i) { return i.kind === "finish"; }).length;
    const others = items.length - mine.length;
    const signIn = function (count) {
      status.append("Sign in to send " + plural(count, "set") + " ");
      const link = el("a", "", "Sign in");
      link.href = status.dataset.login + "?next=" + encodeURIComponent(location.pathname);
      status.append(link);
    };
    if (!isRunner) {
      // Someone's sets wait on this phone while nobody is signed in: say so, on any page.
      status.hidden = !(user === null && items.length);
      if (!status.hidden) signIn(items.filter(function (i) { return i.kind === "set"; }).length);
      return;
    }
    status.hidden = false;
    status.dataset.state = last.state;
    if (last.state === "signin" && mine.length) {
      signIn(waiting);
    } else if (last.state === "later" && mine.length) {
      // Only a network error, 429 or 5xx waits and is tried again; a refusal is shown where it was logged.
      const reason = last.reason || "the server did not answer";
      status.append(el("span", "bad", "Could not sync: " + reason));
      if (waiting) status.append(" (" + plural(waiting, "set") + " waiting) ");
      const retry = el("button", "link", "Retry");
      retry.type = "button";
      retry.dataset.retry = "";
      status.append(" ", retry);
    } else if (waiting || finishes) {
      status.append(waiting ? plural(waiting, "set") + " waiting" : "Finished session waiting");
      if (waiting && finishes) status.append(" (and " + plural(finishes, "finished session") + ")");
    } else if (refusedHere.length) {
      const sets = refusedHere.filter(function (r) { return r.item.kind === "set"; }).length;
      status.append(el("span", "bad", sets ? plural(sets, "set") + " not saved: see the reason at the exercise" : "Session not finished: see why below"));
    } else {
      status.append("All saved");
    }
    if (others) status.append(el("span", "muted small", " · " + plural(others, "item") + " of another account kept"));
    notices.forEach(function (text) { status.append(el("span", "sync-notice", " " + text)); });
  }

  async function render() {
    if (!Q.available) return;
    const items = await Q.all();
    const mine = items.filter(function (i) { return i.userId === user; });
    drawSets(mine);
    drawFinishes(mine);
    drawStatus(items, mine);
  }

  function remember(result) {
    last = result;
    (result.refused || []).forEach(function (r) {
      if (r.item.userId === user && !refusedHere.some(function (x) { return x.item.clientId === r.item.clientId; })) refusedHere.push(r);
    });
    (result.notices || []).forEach(function (text) { if (notices.indexOf(text) < 0) notices.push(text); });
    const sent = (result.sent || []).filter(function (item) { return item.kind === "set" && item.userId === user; });
    sent.forEach(function (item) {
      if (!sentHere.some(function (i) { return i.clientId === item.clientId; })) sentHere.push(item);
    });
    // The phone's copies of the pages predate what was just sent: refresh them while the signal lasts.
    if (sent.length) keepPages(true).catch(function () {});
  }

  // --- Sending -------------------------------------------------------------------------------------------------
  async function sync(force) {
    clearTimeout(retryTimer);
    // Offline nothing is sent (a fetch would only fail); the `online` event comes back here.
    if (user !== null && navigator.onLine) {
      remember(await Q.sync(force));
      // 429/5xx: each item waits its own backoff (queue.js); look again a little later.
      if (last.state === "later") retryTimer = setTimeout(function () { sync(false); }, 10000);
    }
    await render();
  }

  function askForBackgroundSync() {
    worker().then(function (reg) { if (reg.sync) return reg.sync.register(SYNC_TAG); }).catch(function () {});
  }

  // Online, wait (briefly) for the server before showing the set, so what shows as saved is saved; a slow or
  // hanging connection does not hold the runner up: the set shows as waiting and goes when it can.
  async function sendSoon() {
    if (!navigator.onLine) {
      askForBackgroundSync(); // Chromium sends them when the signal returns, even with the page closed
      return;
    }
    await Promise.race([sync(false), new Promise(function (resolve) { setTimeout(resolve, ONLINE_WAIT_MS); })]);
  }

  // A number field: null when empty; a value that is not a whole number stays as typed, for setProblems to name.
  function numberField(data, name) {
    const value = data.get(name);
    if (value === null || String(value).trim() === "") return null;
    return Number(value);
  }

  // What is wrong with a set, in its form, with the fields to fix marked; nothing is queued.
  function showProblems(form, problems) {
    let box = form.querySelector("[data-set-problems]");
    form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    if (!problems.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = el("div", "error");
      box.dataset.setProblems = "";
      box.setAttribute("role", "alert");
      form.querySelector("button.primary").before(box);
    }
    box.replaceChildren();
    let first = null;
    problems.forEach(function (problem) {
      box.append(el("p", "", problem));
      const name = { load_kg: "load" }[problem.split(":")[0]] || problem.split(":")[0]; // the server's field
      const input = form.elements[name];
      if (input && input.setAttribute) {
        input.setAttribute("aria-invalid", "true");
        first = first || input;
      }
    });
    if (first) first.focus();
  }

  async function queueSet(form) {
    const data = new FormData(form);
    const numbers = {
      reps: numberField(data, "reps"),
      seconds: numberField(data, "seconds"),
      // The load as typed, in the runner's unit (the form's kg or lb); the server turns it into kilograms.
      load: data.get("load") ? String(data.get("load")).trim().replace(",", ".") : null,
      load_unit: form.dataset.loadUnit || "kg",
      rir: numberField(data, "rir"),
      pain: numberField(data, "pain") || 0,
      note: String(data.get("note") || "").trim(),
    };
    const exercise = { timed: Boolean(form.elements.seconds), unit: form.dataset.unit, name: form.dataset.name };
    const problems = Q.setProblems(numbers, exercise);
    showProblems(form, problems);
    if (problems.length) return;
    const item = {
      clientId: crypto.randomUUID(),
      kind: "set",
      userId: user,
      sessionId: Number(form.dataset.session),
      exerciseId: Number(form.dataset.exercise),
      numbers: numbers,
      label: label(numbers, form.dataset.unit),
      createdAt: new Date().toISOString(),
      state: "pending",
      attempts: 0,
    };
    await Q.put(item);
    if (form.elements.note) form.elements.note.value = ""; // the numbers stay: the next set usually repeats them
    await sendSoon();
    await render();
    form.dispatchEvent(new CustomEvent("crosstrain:set-logged", {
      bubbles: true,
      detail: { sessionId: item.sessionId, exerciseId: item.exerciseId, rest: Number(form.dataset.rest || 0), logged: shown(item.exerciseId) },
    }));
  }

  // Offline, what the server would refuse (crosstrain.core.finishing, in its words), or null. Sets missing: the
  // form turns into "Finish as partly done", which the runner taps to confirm.
  function finishProblem(form, sessionId, early, partly) {
    const today = new Date();
    const iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" + String(today.getDate()).padStart(2, "0");
    let done = 0;
    let planned = 0;
    document.querySelectorAll('form.log[data-session="' + sessionId + '"]').forEach(function (f) {
      const wanted = Number(f.dataset.setsPlanned || 0);
      planned += wanted;
      done += Math.min(shown(f.dataset.exercise), wanted);
    });
    if (planned > 0 && done === 0) {
      return "No set of this session is logged yet: log the sets you did, or mark the session skipped with a reason.";
    }
    if (form.dataset.day && form.dataset.day > iso && !early) {
      return "This session is on " + form.dataset.dayWords + "; you can finish it from that day, or tick 'done early'.";
    }
    if (done < planned && !partly) {
      const confirm = document.createElement("input");
      confirm.type = "hidden";
      confirm.name = "partly";
      confirm.value = "1";
      form.append(confirm);
      form.querySelector("button").textContent = "Finish as partly done";
      return "You logged " + done + " of " + planned + " sets. Log the rest, or finish it as partly done (" + done + " of " + planned + ").";
    }
    return null;
  }

  async function queueFinish(form) {
    const sessionId = Number(form.dataset.session);
    const finished = function () {
      form.dispatchEvent(new CustomEvent("crosstrain:session-finished", { bubbles: true, detail: { sessionId: sessionId } }));
    };
    if (navigator.onLine) {
      // Online, the session's sets go first; then the form posts as it always did, and the server says how the
      // session went (a pain report flags it for the coach) on the runner's week.
      await sync(false);
      const left = (await Q.all()).some(function (i) { return i.userId === user && i.sessionId === sessionId; });
      if (!left && navigator.onLine) {
        finished();
        form.submit(); // not a submit event: this handler does not take it over again
        return;
      }
    }
    const early = Boolean(form.elements.early && form.elements.early.checked);
    const partly = Boolean(form.elements.partly);
    const refusal = finishProblem(form, sessionId, early, partly);
    if (refusal) {
      finishRefused(form, refusal);
      return;
    }
    const already = (await Q.all()).some(function (i) { return i.kind === "finish" && i.sessionId === sessionId && i.userId === user; });
    if (!already) {
      await Q.put({ clientId: crypto.randomUUID(), kind: "finish", userId: user, sessionId: sessionId, early: early, partly: partly, createdAt: new Date().toISOString(), state: "pending", attempts: 0 });
    }
    await render();
    finished();
    await sendSoon();
  }

  // Capture phase: runs before htmx's own submit handler on the form, which stopPropagation then keeps out.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!Q.available || user === null || !isRunner || !(form instanceof HTMLFormElement)) return;
    const isSet = form.matches("form.log[data-exercise]");
    if (!isSet && !form.matches("form.finish[data-session]")) return;
    event.preventDefault();
    event.stopPropagation();
    (isSet ? queueSet(form) : queueFinish(form));
  }, true);

  document.addEventListener("click", async function (event) {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    if (target.dataset.discard) {
      await Q.remove(target.dataset.discard);
      await render();
    } else if (target.matches("[data-retry]")) {
      // The runner asks again: refused items get another go, and nothing waits for its backoff.
      for (const item of await Q.all()) {
        if (item.userId === user && (item.state === "failed" || item.nextTry)) {
          item.state = "pending";
          item.reason = null;
          item.nextTry = 0;
          await Q.put(item);
        }
      }
      await sync(true);
    }
  });

  // The layer checks a set itself and says what to fix in the form (the browser's own bubbles say less, and vanish).
  if (Q.available && user !== null && isRunner) {
    document.querySelectorAll("form.log[data-exercise]").forEach(function (form) { form.noValidate = true; });
  }

  window.addEventListener("online", function () { sync(false); keepPages().catch(function () {}); });
  window.addEventListener("offline", function () { render(); });
  if (Q.available) sync(false);
  keepPages().catch(function () {}); // the connection dropped meanwhile: the next page load tries again
})();
