// Whether the browser thinks it has a network. `navigator.onLine` false is reliable (no
// network at all); true only means "maybe", so sending still handles its own failures.
export class Connectivity {
	online = $state(true);

	/** Follows the browser's online/offline events; returns a function that stops. */
	start(target: Window = window): () => void {
		const update = () => (this.online = target.navigator.onLine);
		update();
		target.addEventListener('online', update);
		target.addEventListener('offline', update);
		return () => {
			target.removeEventListener('online', update);
			target.removeEventListener('offline', update);
		};
	}
}
