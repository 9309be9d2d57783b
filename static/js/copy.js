// « Copier l'adresse »: a button next to a read-only field copies its value, and says so
// to screen readers. Without JavaScript the button stays hidden: the field can be
// selected and copied by hand.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[role=status]");
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    field.select();
    await navigator.clipboard.writeText(field.value);
    if (status) status.textContent = button.dataset.copied;
    button.textContent = button.dataset.copied;
  });
});
