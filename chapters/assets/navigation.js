/* The header buttons that show the site's navigation (☰) and the page's
 * contents (☷), on every width.
 *
 * pydata-sphinx-theme 0.17 opens its navigation dialogs from the first
 * .primary-toggle / .secondary-toggle of the page, which is a copy in its
 * own header that sphinx-book-theme hides; the buttons a reader sees,
 * sphinx-book-theme's, have no handler and do nothing (pydata-sphinx-theme
 * issue 2451, open). sphinx-book-theme 1.3 requires exactly
 * pydata-sphinx-theme 0.17.1, so the fix is a script rather than a pin of
 * older themes: the visible buttons get their job here.
 *
 * - where the sidebar is not on the page (phones, tablets), a tap opens the
 *   theme's own dialog, by clicking the button the theme listens to;
 * - where it is (desktop), a click hides it or shows it again, and the
 *   choice holds for the rest of the visit.
 */
(function () {
  'use strict';
  var KEY = 'lfd-hide-primary';
  var root = document.documentElement;
  try {
    if (window.sessionStorage.getItem(KEY) === '1') { root.classList.add(KEY); }
  } catch (e) { /* storage refused (private mode): the sidebar starts shown */ }

  function shown(element) {
    return !!element && element.getClientRects().length > 0 &&
      window.getComputedStyle(element).visibility !== 'hidden';
  }

  function remember(hidden) {
    try { window.sessionStorage.setItem(KEY, hidden ? '1' : '0'); } catch (e) { /* see above */ }
  }

  function onToggle(event, kind) {
    var bound = document.querySelector('.' + kind + '-toggle');   // the one the theme listens to
    var clicked = event.target.closest('.' + kind + '-toggle');
    if (!clicked || clicked === bound) { return; }
    event.preventDefault();
    event.stopPropagation();
    var sidebar = document.getElementById('pst-' + kind + '-sidebar');
    if (kind === 'primary' && root.classList.contains(KEY)) {
      root.classList.remove(KEY);
      remember(false);
    } else if (kind === 'primary' && shown(sidebar)) {
      root.classList.add(KEY);
      remember(true);
    } else if (bound) {
      bound.click();
    }
  }

  document.addEventListener('click', function (event) {
    if (!(event.target instanceof Element)) { return; }
    onToggle(event, 'primary');
    onToggle(event, 'secondary');
  }, true);
})();
