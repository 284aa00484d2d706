/**
 * Photos are downscaled on the phone before they are kept (a camera's 12 MP original would fill the
 * phone and take minutes to send on one bar of signal): longest side at most 1600 px, JPEG at 0.8.
 */
export const MAX_PHOTO_SIDE = 1600;
const JPEG_QUALITY = 0.8;

export async function downscalePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This phone cannot process photos (no canvas).');
    ctx.fillStyle = '#fff'; // transparent PNGs become white, not black, in a JPEG
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    return await canvasToBlob(canvas, 'image/jpeg', JPEG_QUALITY);
  } finally {
    bitmap.close();
  }
}

export function canvasToBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be saved.'))), type, quality),
  );
}

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
