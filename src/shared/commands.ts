/** The keyboard command declared in manifest.json that starts or stops recording the tab's main media. */
export const TOGGLE_RECORDING_COMMAND = 'toggle-recording';
