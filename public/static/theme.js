// The colour theme: "system" follows prefers-color-scheme (the stylesheet's default), "light" or "dark" is forced via
// <html data-theme>. Runs in the head before the first paint; the header's button cycles the choice, remembered per
// browser in localStorage.
(() => {
  const KEY = "dutyleak-theme";
  const ORDER = ["system", "light", "dark"];
  const NAMES = { system: "System", light: "Light", dark: "Dark" };
  const read = () => {
    try {
      const value = localStorage.getItem(KEY);
      return ORDER.includes(value) ? value : "system";
    } catch {
      return "system";
    }
  };
  const apply = (theme) => {
    if (theme === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    const button = document.getElementById("theme-toggle");
    if (!button) return;
    button.setAttribute("aria-label", `Colour theme: ${NAMES[theme]}. Change`);
    const name = button.querySelector(".theme-name");
    if (name) name.textContent = NAMES[theme];
  };
  let current = read();
  apply(current);
  document.addEventListener("DOMContentLoaded", () => {
    apply(current);
    document.getElementById("theme-toggle")?.addEventListener("click", () => {
      const next = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length];
      current = next;
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // Private mode without storage: the choice holds for this page only.
      }
      apply(next);
    });
  });
})();
