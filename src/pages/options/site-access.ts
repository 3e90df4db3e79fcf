/**
 * The "all sites" checkbox: a permission, not a stored setting. Checking it asks the
 * browser for access to every site (the browser's own prompt); unchecking gives it back.
 * It shows what the browser has granted, also when changed from the browser's own pages.
 */

import { hasAllSitesAccess, onSiteAccessChanged, setAllSitesAccess } from '../../platform/site-access';

export function bindAllSitesCheckbox(checkbox: HTMLInputElement): void {
  const show = async () => {
    checkbox.checked = await hasAllSitesAccess();
  };
  checkbox.addEventListener('change', (event) => {
    // Keeps the settings form from saving on this change: it is no setting.
    event.stopPropagation();
    // Asked straight from the click: browsers grant permissions only to a user's gesture.
    void setAllSitesAccess(checkbox.checked).then(show);
  });
  onSiteAccessChanged(() => void show());
  void show();
}
