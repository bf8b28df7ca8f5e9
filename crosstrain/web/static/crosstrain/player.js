// The session player (runner/player.html): one step at a time, a rest countdown after each set (after each round
// of a superset), a timer for holds and foam rolling, the screen kept awake. Without this file the page lists every
// step with its set form, so it stays usable; nothing here is needed to log a set. No dependencies, no build step.
(function () {
  "use strict";
  const player = document.getElementById("player");
  if (!player) return;

  const steps = Array.from(player.querySelectorAll("[data-step]"));
  const links = Array.from(player.querySelectorAll("[data-goto]"));
  const announcer = player.querySelector("[data-announce]");
  const SWITCH_SECONDS = 5; // time to roll over or change legs between the two sides of a timed exercise
  let current = 0;

  // Timers are read out through one polite live region at their start and end, not every second.
  function announce(text) {
    announcer.textContent = text;
  }

  // Rest and hold timers count to a deadline (app.js), so a phone that throttles timers still shows the right time.
  const Countdown = window.CrosstrainCountdown;

  // --- Vibrate and beep at the end of a rest and a side. Browsers only let a page make sound once the person has
  // touched it, so the audio context is made on the first tap in the player. No audio file: an oscillator.
  let audio = null;
  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (audio || !Context) return;
    try {
      audio = new Context();
    } catch (error) {
      audio = null;
    }
  }
  player.addEventListener("click", unlockAudio);
  player.addEventListener("submit", unlockAudio);

  function buzz() {
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    if (!audio) return;
    if (audio.state === "suspended") audio.resume();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 880;
    volume.gain.value = 0.2;
    tone.connect(volume);
    volume.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
  }

  // --- Keep the screen awake while the player is open (Screen Wake Lock API, allowed by the site's
  // Permissions-Policy). The browser drops the lock when the page is hidden: take it again on coming back. Where
  // the API is missing or refuses (battery saver), the screen may dim; nothing else changes.
  let wakeLock = null;
  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(
      function (lock) {
        wakeLock = lock;
      },
      function () {
        wakeLock = null;
      }
    );
  }
  function letSleep() {
    if (wakeLock) wakeLock.release().catch(function () {});
    wakeLock = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && (wakeLock === null || wakeLock.released)) keepAwake();
  });
  window.addEventListener("pagehide", letSleep);

  // --- Steps: show one, hide the others; the hash remembers where the runner is across a reload.
  function stepOf(exerciseId) {
    return player.querySelector('[data-step][data-exercise="' + exerciseId + '"]');
  }
  function setsShown(step) {
    const list = step.querySelector("ol.sets");
    return list ? list.querySelectorAll("li:not(.refused)").length : 0; // a set the server refused is not one
  }
  function title(step) {
    return step.querySelector(".step-title");
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(steps.length - 1, index));
    steps.forEach(function (step, i) {
      step.hidden = i !== current;
    });
    links.forEach(function (link, i) {
      if (i === current) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    if (current === steps.length - 1) updateSummary();
    history.replaceState(null, "", "#" + steps[current].id);
    if (focus) title(steps[current]).focus();
  }

  function updateSummary() {
    player.querySelectorAll("[data-summary-for]").forEach(function (cell) {
      const step = stepOf(cell.dataset.summaryFor);
      if (step) cell.textContent = setsShown(step);
    });
  }

  function firstStep() {
    // Sent back from a finish that needs confirming: the summary, where the question is.
    if (player.dataset.start === "end") return steps.length - 1;
    const named = location.hash && steps.findIndex(function (s) { return "#" + s.id === location.hash; });
    if (named >= 0) return named;
    // Resuming: the first exercise that still has sets to do.
    const open = steps.findIndex(function (s) { return s.dataset.exercise && !s.classList.contains("done"); });
    return open >= 0 ? open : steps.length - 1;
  }

  player.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-next], button[data-prev], a[data-goto]");
    if (!button) return;
    if (button.hasAttribute("data-goto")) {
      event.preventDefault();
      button.closest("details").open = false;
      show(parseInt(button.dataset.goto, 10), true);
    } else {
      show(current + (button.hasAttribute("data-next") ? 1 : -1), true);
    }
  });

  // Arrow keys step through, except while typing in a field (where they move the caret).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "ArrowRight") show(current + 1, true);
    else if (event.key === "ArrowLeft") show(current - 1, true);
    else return;
    event.preventDefault();
  });

  // --- Rest after a set. When the exercise has all its planned sets, the end of the rest (or Skip) moves on.
  const restBox = player.querySelector("[data-rest-box]");
  const restLeft = restBox.querySelector("[data-rest-left]");
  const restNext = restBox.querySelector("[data-rest-next]");
  const rest = new Countdown(function (seconds) {
    restLeft.textContent = seconds;
  });
  let after = null; // the step to move to when the rest ends, or null to stay

  function endRest(early) {
    rest.stop();
    restBox.hidden = true;
    if (!early) buzz();
    const next = after;
    after = null;
    if (next !== null) {
      announce("Next: " + title(steps[next]).textContent.trim());
      show(next, true);
    } else if (!early) {
      announce("Rest over.");
    }
  }

  // A superset (A1 and A2, data-partner): a set of the first goes straight to the second, no rest; the round's rest
  // (data-round-rest, the longer of the two: crosstrain.core.dosing) comes after each set of the second, then back
  // to the first while it has sets to do. Once the second has all its sets, the first rests as an exercise alone.
  function logged(step, restSeconds) {
    const count = setsShown(step);
    const complete = count >= parseInt(step.dataset.sets, 10);
    step.classList.toggle("done", complete);
    const hold = step.querySelector("[data-hold]");
    if (hold) hold.reset();
    const index = steps.indexOf(step);
    let next = complete ? index + 1 : null;
    let seconds = restSeconds;
    let moveOn = complete; // "All sets done" when the move is past this exercise (and its pair)
    const partner = step.dataset.partner ? steps[parseInt(step.dataset.partner, 10)] : null;
    if (partner) {
      const partnerDone = partner.classList.contains("done");
      const afterPair = Math.max(index, steps.indexOf(partner)) + 1;
      if (!partnerDone && step.dataset.round === "1") {
        rest.stop();
        restBox.hidden = true;
        after = null;
        announce("Set " + count + " logged. Superset, no rest: " + title(partner).textContent.trim() + ".");
        show(steps.indexOf(partner), true);
        return;
      }
      if (step.dataset.round === "2") seconds = parseInt(step.dataset.roundRest, 10);
      if (!partnerDone) {
        // The round's second set: the round's rest, then the first of the pair again.
        next = steps.indexOf(partner);
        moveOn = false;
      } else {
        next = complete ? afterPair : null;
      }
    }
    after = next;
    if (!seconds) {
      if (next !== null) endRest(true);
      return;
    }
    restNext.hidden = next === null;
    if (next !== null) {
      restNext.textContent = (moveOn ? "All sets done. Next: " : "Next: ") + title(steps[next]).textContent.trim();
    }
    restBox.hidden = false;
    announce("Set " + count + " logged. Rest " + seconds + " seconds.");
    rest.start(seconds * 1000, function () {
      endRest(false);
    });
  }

  restBox.querySelector("[data-rest-skip]").addEventListener("click", function () {
    endRest(true);
  });

  // The offline layer (offline.js) queues a set and says so with this event, after showing it in the list.
  player.addEventListener("crosstrain:set-logged", function (event) {
    const step = event.target.closest("[data-step]") || stepOf(event.detail.exerciseId);
    if (step) logged(step, event.detail.rest);
  });
  player.addEventListener("crosstrain:session-finished", function () {
    letSleep();
    announce("Session finished.");
  });

  // Online without the offline layer, the set form posts with htmx and the server answers with the session page's
  // card for the exercise. Keep the step: take only its list of sets and its fresh form (with the next client id,
  // or the errors to fix) into the step's log box.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!form || !form.matches || !form.matches("form.log") || !player.contains(form)) return;
    event.detail.selectOverride = "ol.sets, form.log";
    event.detail.swapOverride = "innerHTML";
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    const box = event.detail.target;
    if (event.target !== box || !player.contains(box) || !box.classList.contains("step-log")) return;
    const step = box.closest("[data-step]");
    // The list must stay findable by the offline layer, and there even before the first set.
    let list = box.querySelector("ol.sets");
    if (!list) {
      list = document.createElement("ol");
      list.className = "sets";
      box.prepend(list);
    }
    list.dataset.setsFor = step.dataset.exercise;
    const button = box.querySelector("form.log button.primary");
    if (button) button.focus();
    if (event.detail.xhr.status === 200) logged(step, parseInt(step.dataset.rest, 10));
  });

  // --- Hold and foam-rolling timers: Start / Pause / Reset; per side, a "Switch sides" break between the two.
  // At the end the seconds go into the set form, so logging the hold is one tap.
  function setUpHold(box) {
    const step = box.closest("[data-step]");
    const left = box.querySelector("[data-hold-left]");
    const label = box.querySelector("[data-hold-side]");
    const startButton = box.querySelector("[data-hold-start]");
    const pauseButton = box.querySelector("[data-hold-pause]");
    const perSide = box.hasAttribute("data-per-side");
    const first = box.dataset.first || "";
    const sides = first === "left" ? ["Left side", "Right side"] : first === "right" ? ["Right side", "Left side"] : ["First side", "Second side"];
    const clock = new Countdown(function (seconds) {
      left.textContent = seconds;
    });
    let seconds = 0;

    function secondsField() {
      return step.querySelector("form.log input[name=seconds]");
    }
    // The form's value: the planned seconds, or the suggestion's, or what the runner typed.
    function planned() {
      const field = secondsField();
      const typed = field ? parseInt(field.value, 10) : NaN;
      return typed > 0 ? typed : parseInt(box.dataset.seconds, 10);
    }
    function running(yes) {
      startButton.hidden = yes;
      pauseButton.hidden = !yes;
    }
    function side(index) {
      label.textContent = perSide ? sides[index] : "Hold";
    }
    function secondSide() {
      side(1);
      announce(sides[1] + ": " + seconds + " seconds.");
      clock.start(seconds * 1000, done);
    }
    function firstSideDone() {
      buzz();
      label.textContent = "Switch sides";
      announce("Switch sides.");
      clock.start(SWITCH_SECONDS * 1000, secondSide);
    }
    function done() {
      buzz();
      running(false);
      startButton.textContent = "Start timer";
      label.textContent = "Done";
      const field = secondsField();
      if (field) field.value = seconds;
      announce("Done: " + seconds + " seconds. Log the set.");
      const button = step.querySelector("form.log button.primary");
      if (button) button.focus();
    }

    startButton.addEventListener("click", function () {
      running(true);
      if (clock.left > 0 && clock.done) {
        clock.start(clock.left, clock.done); // resume where it was paused
        return;
      }
      seconds = planned();
      side(0);
      announce((perSide ? sides[0] + ": " : "Hold: ") + seconds + " seconds.");
      clock.start(seconds * 1000, perSide ? firstSideDone : done);
    });
    pauseButton.addEventListener("click", function () {
      clock.stop();
      running(false);
      startButton.textContent = "Resume";
      announce("Paused.");
    });
    box.reset = function () {
      clock.stop();
      clock.left = 0;
      clock.done = null;
      running(false);
      startButton.textContent = "Start timer";
      side(0);
      left.textContent = planned();
    };
    box.querySelector("[data-hold-reset]").addEventListener("click", box.reset);
    box.hidden = false;
  }

  // --- Start: one step at a time.
  player.classList.add("playing");
  player.querySelectorAll("[data-hold]").forEach(setUpHold);
  player.querySelectorAll("[data-nav]").forEach(function (nav) {
    nav.hidden = false;
  });
  show(firstStep(), false);
  keepAwake();
})();
