// bench/browser.py --profile: runs before the page's scripts. Times `new Worker()`, the first
// message the page posts to it (the boot message), and the arrival of every worker message.
(() => {
  const Base = window.Worker;
  window.__benchMessages = [];
  window.Worker = class extends Base {
    constructor(url, options) {
      performance.mark("bench:new Worker");
      super(url, options);
      this.addEventListener("message", (e) => {
        const t = performance.now();
        let info = { type: "?" };
        try {
          const m = typeof e.data === "string" ? JSON.parse(e.data) : e.data;
          info = { type: m.type, state: m.state, message: m.message, id: m.id, status: m.status };
        } catch {}
        window.__benchMessages.push([t, info]);
      });
    }
    postMessage(...args) {
      if (!performance.getEntriesByName("bench:boot message posted").length) performance.mark("bench:boot message posted");
      return super.postMessage(...args);
    }
  };
})();
