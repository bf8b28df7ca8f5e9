// A countdown to a deadline rather than a count of ticks: a phone throttles timers in a pocket or with the screen
// off, and the time left must still be right when it looks again. The session page's rest timer (below) and the
// session player's rest and hold timers (player.js) count with it.
window.CrosstrainCountdown = (function () {
  function Countdown(onTick) {
    this.onTick = onTick;
    this.id = null;
    this.end = 0;
    this.left = 0; // milliseconds
    this.done = null;
  }
  Countdown.prototype.start = function (ms, done) {
    this.stop();
    this.end = Date.now() + ms;
    this.left = ms;
    this.done = done;
    this.id = setInterval(this.tick.bind(this), 200);
    this.tick();
  };
  Countdown.prototype.tick = function () {
    this.left = Math.max(0, this.end - Date.now());
    this.onTick(Math.ceil(this.left / 1000));
    if (this.left <= 0) {
      this.stop();
      if (this.done) this.done();
    }
  };
  Countdown.prototype.stop = function () {
    clearInterval(this.id);
    this.id = null;
  };
  Countdown.prototype.running = function () {
    return this.id !== null;
  };
  return Countdown;
})();

// Rest timer: after a set is logged, count down the rest the block calls for; buzz the phone at zero.
// offline.js logs the sets (queued on the phone, sent when it can) and says so with `crosstrain:set-logged`;
// htmx posts them where the browser has no IndexedDB.
(function () {
  let left = null;
  const timer = new window.CrosstrainCountdown(function (seconds) { if (left) left.textContent = seconds; });
  function show(seconds) {
    const box = document.getElementById("rest-timer");
    if (!box || !seconds) return;
    left = box.querySelector("[data-left]");
    box.hidden = false;
    timer.start(seconds * 1000, function () {
      box.hidden = true;
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    });
    box.querySelector("[data-skip]").onclick = function () { timer.stop(); box.hidden = true; };
  }
  document.addEventListener("crosstrain:set-logged", function (event) { show(event.detail.rest); });
  document.addEventListener("htmx:beforeSwap", function (event) {
    const config = event.detail.requestConfig;
    const form = config && config.elt;
    if (form && form.matches && form.matches("form.log")) {
      const status = event.detail.xhr.status;
      // 422 carries the form back with its errors: swap it in so the runner sees what to fix.
      if (status === 422) { event.detail.shouldSwap = true; event.detail.isError = false; }
      else if (status === 200) { show(parseInt(form.dataset.rest || "0", 10)); }
    }
  });
})();

// Habit ticks: a refused tick (422, e.g. a day that turned read-only at midnight) comes back as the habit's row
// with the reason; swap it in so the runner sees why.
document.addEventListener("htmx:beforeSwap", function (event) {
  const config = event.detail.requestConfig;
  const form = config && config.elt;
  if (form && form.matches && form.matches("form.tick") && event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Messages: a refused message (422: empty or too long) comes back as the form with what was typed and what to
// fix; the server retargets it to the form (HX-Retarget), this lets htmx swap it. New messages go to the bottom
// of the list: keep the newest in view on opening the conversation and after each one arrives.
(function () {
  function showNewest() {
    const list = document.getElementById("messages");
    if (list && list.lastElementChild) list.lastElementChild.scrollIntoView({ block: "end" });
  }
  document.addEventListener("DOMContentLoaded", showNewest);
  document.addEventListener("htmx:beforeSwap", function (event) {
    const config = event.detail.requestConfig;
    const form = config && config.elt;
    if (form && form.matches && form.matches("form.message-form") && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "messages" && event.detail.xhr.responseText.trim()) {
      showNewest();
    }
  });
})();

// Steppers of the set form (runner/_set_form.html): − and + move the field by the button's `data-by` (a rep, 5 s,
// the equipment's smallest load step), within the field's min and max. Shown only with JavaScript (`.js`).
document.documentElement.classList.add("js");
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest(".stepper button[data-by]");
  if (!button) return;
  const input = button.parentElement.querySelector("input");
  const by = Number(button.dataset.by);
  let value = (Number(input.value) || 0) + by;
  if (input.min !== "") value = Math.max(Number(input.min), value);
  if (input.max !== "") value = Math.min(Number(input.max), value);
  input.value = String(Math.round(value * 100) / 100);
  input.removeAttribute("aria-invalid");
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
});
