// Dragging notes between frames with a mouse, a finger or a pen. SortableJS's own pointer
// handling (forceFallback) is used everywhere, so touch drags the same way as a mouse.
import Sortable from "sortablejs";

export function enableDragging(lists, { onStart, onDrop }) {
  for (const list of lists) {
    Sortable.create(list, {
      group: "notes",
      draggable: "[data-note]",
      // A note waiting for its id cannot move yet; its menu and forms keep their own clicks.
      filter: ".note--pending, button, form, [role=menu]",
      preventOnFilter: false,
      forceFallback: true,
      fallbackOnBody: true,
      fallbackTolerance: 4,
      // On a touch screen a short press first, so a swipe still scrolls the frame.
      delay: 150,
      delayOnTouchOnly: true,
      touchStartThreshold: 4,
      ghostClass: "note--ghost",
      dragClass: "note--dragging",
      animation: 120,
      onStart: (event) => onStart(event.item),
      onEnd: (event) => onDrop(event.item, event.to),
    });
  }
}
