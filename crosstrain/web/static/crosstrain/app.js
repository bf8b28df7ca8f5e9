// Rest timer: after a set is logged, count down the rest the block calls for; buzz the phone at zero.
// offline.js logs the sets (queued on the phone, sent when it can) and says so with `crosstrain:set-logged`;
// htmx posts them where the browser has no IndexedDB.
(function () {
  let timer = null;
  function show(seconds) {
    const box = document.getElementById("rest-timer");
    if (!box || !seconds) return;
    const left = box.querySelector("[data-left]");
    let remaining = seconds;
    box.hidden = false;
    left.textContent = remaining;
    clearInterval(timer);
    timer = setInterval(function () {
      remaining -= 1;
      left.textContent = remaining;
      if (remaining <= 0) {
        clearInterval(timer);
        box.hidden = true;
        if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      }
    }, 1000);
    box.querySelector("[data-skip]").onclick = function () { clearInterval(timer); box.hidden = true; };
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
