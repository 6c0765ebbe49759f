// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  showFieldsOfChosenRole();
  searchPeopleAsYouType();
  showPrintButtons();
});

// A Print button where a page is made for paper; without this script the browser's own print
// command does the same, so the button stays hidden.
function showPrintButtons() {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
}

// On the add-member form, show the fields of the chosen role and hide the others.
function showFieldsOfChosenRole() {
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
}

// Choosing a person: the search field fills the person list as you type, from the server, so
// the page never lists a whole municipality. Without this script the Search button reloads the
// page with the same results. The status line is a live region, so screen readers hear the count.
function searchPeopleAsYouType() {
  const input = document.getElementById("person-search");
  const list = document.getElementById("member-person");
  const status = document.getElementById("person-search-status");
  if (!input || !list || !status || !input.dataset.searchUrl) return;
  const members = new Set((input.dataset.exclude || "").split(",").filter(Boolean));
  let timer = null;
  let latest = 0;

  const search = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) return;
    const url = `${input.dataset.searchUrl}?q=${encodeURIComponent(query)}&per_page=20`;
    const response = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok || ticket !== latest) return;
    const people = (await response.json()).filter((p) => !members.has(String(p.id)));
    list.replaceChildren(
      ...people.map((p) => new Option(p.postcode ? `${p.name} (${p.postcode})` : p.name, p.id)),
    );
    status.textContent = people.length
      ? input.dataset.found.replace("{count}", people.length)
      : input.dataset.none;
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
}

// The door list: with this script each tap is saved at once through the API, and the status
// line (a live region) says so; without it, the Save button sends the whole form. Saves go one
// after another in the order of the taps, so two quick taps on one person can never reach the
// server (or the status line) the wrong way round.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.door-list[data-api]");
  if (!form) return;
  const status = form.querySelector(".door-status");
  const token = form.querySelector('input[name="csrf_token"]').value;
  let queue = Promise.resolve();
  const save = async (input) => {
    const person = Number(input.name.replace("person-", ""));
    try {
      const response = await fetch(form.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ marks: [{ person_id: person, status: input.value }] }),
      });
      if (!response.ok) throw new Error(String(response.status));
      status.textContent = form.dataset.saved
        .replace("{name}", input.dataset.name)
        .replace("{status}", input.dataset.label);
    } catch (error) {
      status.textContent = form.dataset.failed;
    }
  };
  form.addEventListener("change", (event) => {
    const input = event.target;
    if (!input.matches('input[type="radio"]')) return;
    queue = queue.then(() => save(input));
  });
});
