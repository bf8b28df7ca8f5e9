// Rest timer: after a set is logged, count down the rest the block calls for; buzz the phone at zero.
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
