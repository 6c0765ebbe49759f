// Progressive enhancement only: every page works without this file.
// On the add-member form, show the fields of the chosen role and hide the others.
document.addEventListener("DOMContentLoaded", () => {
  const role = document.getElementById("member-role");
  if (!role) return;
  const groups = document.querySelectorAll(".role-attributes");
  const sync = () => {
    groups.forEach((group) => {
      group.hidden = group.dataset.role !== role.value;
    });
  };
  role.addEventListener("change", sync);
  sync();
});
