// Arrow-key movement inside a group of items (notes in a frame, items of a menu, tabs).

// The index the key moves to among `count` items, wrapping around; null for other keys.
export function nextIndex(current, count, key) {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
    case "ArrowRight":
      return (current + 1) % count;
    case "ArrowUp":
    case "ArrowLeft":
      return (current - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
