// Copy buttons (issue 23): a button with data-copy="#field" copies that read-only field's link to the clipboard and
// says so; where the clipboard is refused, the link is selected for the person to copy themself.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  if (!field) return;
  const said = button.textContent;
  const done = (text) => {
    button.textContent = text;
    setTimeout(() => { button.textContent = said; }, 2000);
  };
  const select = () => { field.focus(); field.select(); done("Selected: copy it"); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(() => done("Copied"), select);
  } else {
    select();
  }
});
