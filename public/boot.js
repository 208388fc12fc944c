// Starts the healthdash WebAssembly app from a file rather than an inline
// script, so the site runs under a strict Content Security Policy
// (script-src 'self' 'wasm-unsafe-eval'). Trunk fills in the hashed file
// names as data attributes (see `pattern_script` in Trunk.toml). If the app
// cannot start at all, the page says so instead of staying blank.
const boot = document.getElementById('healthdash-boot');

function showStartupError(message) {
  let main = document.getElementById('app');
  if (!main) {
    main = document.createElement('main');
    main.id = 'app';
    document.body.appendChild(main);
  }
  main.setAttribute('data-state', 'error');
  main.replaceChildren();
  const box = document.createElement('div');
  box.className = 'error-summary';
  box.setAttribute('role', 'alert');
  box.setAttribute('data-testid', 'error');
  const title = document.createElement('h2');
  title.className = 'error-summary__title';
  title.textContent = 'healthdash could not start';
  const text = document.createElement('p');
  text.textContent = message;
  box.append(title, text);
  main.appendChild(box);
}

// Starts the first download of the page now, while the app's code is still
// on its way: the catalogue at the bare address, else the manifest of the
// bundle the link names (`data=`, else the embedded one). A hint only: the
// app fetches the same address (src/data.rs) and the browser hands it the
// preloaded answer, so a wrong guess costs one unused download, never a
// wrong page. Measured in BENCHMARKS.md ("Cold start").
function preloadFirstDownload() {
  const query = location.search.replace(/^\?/, '');
  let href = 'catalogue.json';
  if (query.split('&').some((part) => part !== '')) {
    const data = new URLSearchParams(query).get('data');
    href = data || 'bundle/manifest.json';
  }
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous';
  link.href = new URL(href, document.baseURI).href;
  document.head.appendChild(link);
}

try {
  preloadFirstDownload();
} catch (error) {
  // A link the hint cannot read is the app's to explain.
}

try {
  const js = new URL(boot.dataset.js, document.baseURI);
  const wasm = new URL(boot.dataset.wasm, document.baseURI);
  const { default: init } = await import(js.href);
  await init({ module_or_path: wasm });
} catch (error) {
  console.error('healthdash failed to start', error);
  showStartupError(
    'The application code could not be loaded (' + (error && error.message ? error.message : String(error)) +
      '). Check your connection and reload the page; healthdash needs a browser with WebAssembly.',
  );
}
