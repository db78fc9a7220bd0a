// Hand landmarks with MediaPipe Hands (the npm package, served by our own server from
// /assets/mediapipe/: nothing is fetched from the internet), and the live capture guidance built on
// them. Used by the phone page, the reader and the kiosk, and by `openpalm evaluate --landmarks
// mediapipe` in headless chromium: what is measured is what runs.
"use strict";

const HandLandmarks = (() => {
  const BASE = "/assets/mediapipe/";
  /** Guidance limits. unit = distance between the index-middle and ring-little MCP midpoints. */
  const LIMITS = {
    minUnitFraction: 0.12, // unit / shorter frame side below this: "closer"
    maxUnitFraction: 0.45, // above: "further away"
    maxMotionUnits: 0.025, // mean landmark movement between frames, in units: above it "hold still"
    minLuma: 70, // mean grey of the palm box (0-255): below it "more light"
    minExtendedFingers: 3, // of index to little finger: fewer is a closed hand
    captureWindowMillis: 900, // the sharpest good frame of this window after the first good one is taken
    handAwayMillis: 1000, // after nextHand(): no hand this long before the next palm is taken (the hand done is still in view)
  };
  let hands = null;
  let loading = null;
  let pending = null;

  function load() {
    if (hands) return Promise.resolve(hands);
    if (!loading) {
      loading = (async () => {
        const h = new Hands({ locateFile: (f) => BASE + f });
        // CPU inference: ~0.2 s a frame on 2 cores without a GPU; WebGL2 (SwiftShader) is far slower
        h.setOptions({ maxNumHands: 1, modelComplexity: 1, minDetectionConfidence: 0.5, minTrackingConfidence: 0.5,
          useCpuInference: true, selfieMode: false });
        h.onResults((r) => { const p = pending; pending = null; if (p) p(r); });
        await h.initialize();
        hands = h;
        return h;
      })();
    }
    return loading;
  }

  /**
   * The hand in `source` (image, video or canvas of width x height): 21 landmarks [x, y] in source
   * pixels and the handedness score, or null. `still`: an unrelated still image (the tracking of
   * the previous frame is reset, or it would carry over).
   */
  async function detect(source, width, height, still) {
    const h = await load();
    if (still) h.reset();
    const result = new Promise((resolve) => { pending = resolve; });
    await h.send({ image: source });
    const r = await result;
    if (!r.multiHandLandmarks || !r.multiHandLandmarks.length) return null;
    return {
      landmarks: r.multiHandLandmarks[0].map((p) => [p.x * width, p.y * height]),
      score: r.multiHandedness && r.multiHandedness[0] ? r.multiHandedness[0].score : 0,
    };
  }

  /** The hand in an encoded picture (a Blob or File: PNG, JPEG, BMP), as detect() answers for a still, or null. */
  async function detectStill(blob) {
    const bitmap = await createImageBitmap(blob);
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext("2d").drawImage(bitmap, 0, 0);
    return detect(canvas, canvas.width, canvas.height, true);
  }

  const dist = (p, q) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const mid = (p, q) => [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];

  function unit(lm) {
    return dist(mid(lm[5], lm[9]), mid(lm[13], lm[17]));
  }

  /** Mean grey and gradient sharpness of the palm's bounding box, measured on `canvas`. */
  function palmPixels(canvas, lm) {
    const palm = [0, 1, 5, 9, 13, 17].map((i) => lm[i]);
    const x0 = Math.max(0, Math.min(...palm.map((p) => p[0])));
    const y0 = Math.max(0, Math.min(...palm.map((p) => p[1])));
    const x1 = Math.min(canvas.width, Math.max(...palm.map((p) => p[0])));
    const y1 = Math.min(canvas.height, Math.max(...palm.map((p) => p[1])));
    const w = Math.max(1, Math.round(x1 - x0));
    const h = Math.max(1, Math.round(y1 - y0));
    const data = canvas.getContext("2d", { willReadFrequently: true }).getImageData(Math.round(x0), Math.round(y0), w, h).data;
    const grey = new Float32Array(w * h);
    let sum = 0;
    for (let i = 0; i < w * h; i++) {
      grey[i] = 0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2];
      sum += grey[i];
    }
    let gradient = 0;
    for (let y = 1; y < h - 1; y++) {
      for (let x = 1; x < w - 1; x++) {
        const i = y * w + x;
        gradient += Math.abs(grey[i + 1] - grey[i - 1]) + Math.abs(grey[i + w] - grey[i - w]);
      }
    }
    const luma = sum / (w * h);
    return { luma, sharpness: luma > 0 ? gradient / 2 / sum : 0 };
  }

  /**
   * What the shopper should do, from the hand found in a frame: { ok, advice }. `previous`: the
   * landmarks of the frame before (for "hold still"). The server checks the capture again: this
   * verdict only guides.
   */
  function assess(hand, canvas, previous) {
    if (!hand) return { ok: false, advice: "Show the open palm of your hand to the camera" };
    const lm = hand.landmarks;
    const w = canvas.width;
    const h = canvas.height;
    const margin = 0.01 * Math.min(w, h);
    const inside = [0, 5, 9, 13, 17].every((i) => lm[i][0] > margin && lm[i][1] > margin && lm[i][0] < w - margin && lm[i][1] < h - margin);
    if (!inside) return { ok: false, advice: "Move your whole palm into the picture" };
    let extended = 0;
    for (let tip = 8; tip <= 20; tip += 4) if (dist(lm[tip], lm[0]) > dist(lm[tip - 2], lm[0])) extended++;
    if (extended < LIMITS.minExtendedFingers) return { ok: false, advice: "Open your hand and spread your fingers" };
    const u = unit(lm);
    const fraction = u / Math.min(w, h);
    if (fraction < LIMITS.minUnitFraction) return { ok: false, advice: "Closer" };
    if (fraction > LIMITS.maxUnitFraction) return { ok: false, advice: "A little further away" };
    const pixels = palmPixels(canvas, lm);
    if (pixels.luma < LIMITS.minLuma) return { ok: false, advice: "More light" };
    if (previous) {
      let moved = 0;
      for (let i = 0; i < 21; i++) moved += dist(lm[i], previous[i]);
      if (moved / 21 / u > LIMITS.maxMotionUnits) return { ok: false, advice: "Hold still" };
    } else {
      return { ok: false, advice: "Hold still" };
    }
    return { ok: true, advice: "Hold still: taking the picture", sharpness: pixels.sharpness };
  }

  const BONES = [[0, 1], [1, 2], [2, 3], [3, 4], [0, 5], [5, 6], [6, 7], [7, 8], [5, 9], [9, 10], [10, 11], [11, 12],
    [9, 13], [13, 14], [14, 15], [15, 16], [13, 17], [17, 18], [18, 19], [19, 20], [0, 17]];

  function draw(overlay, hand, ok) {
    const g = overlay.getContext("2d");
    g.clearRect(0, 0, overlay.width, overlay.height);
    if (!hand) return;
    g.strokeStyle = ok ? "#1a7f37" : "#d4a72c";
    g.lineWidth = Math.max(2, overlay.width / 320);
    for (const [a, b] of BONES) {
      g.beginPath();
      g.moveTo(hand.landmarks[a][0], hand.landmarks[a][1]);
      g.lineTo(hand.landmarks[b][0], hand.landmarks[b][1]);
      g.stroke();
    }
    g.fillStyle = g.strokeStyle;
    for (const p of hand.landmarks) { g.beginPath(); g.arc(p[0], p[1], g.lineWidth * 1.5, 0, 2 * Math.PI); g.fill(); }
  }

  /**
   * Live guidance on a running <video>: finds the hand in each frame, draws its landmarks on
   * `overlay` (a canvas over the video), calls onAdvice(text, ok), and, once the pose is good,
   * takes the sharpest frame of the next LIMITS.captureWindowMillis by itself and calls
   * onCapture({ image (PNG base64), landmarks, nir (PNG base64 or null) }). `nirVideo` (optional): a
   * function answering a second, near-infrared camera's <video> or null (asked at each frame); its
   * frame of the same instant, in the visible frame's size, comes with each shot. Returns { stop(), nextHand() }: after nextHand() no picture is taken
   * until the hand has been out of view for LIMITS.handAwayMillis, so the palm just done is not
   * taken again as the next one.
   */
  function guide(video, overlay, onAdvice, onCapture, nirVideo) {
    let running = true;
    let previous = null;
    let windowStart = 0;
    let best = null;
    let handLastSeen = 0;
    let changingHands = false;
    const frame = document.createElement("canvas");
    const nirFrame = document.createElement("canvas");

    function nirImage() {
      const nir = nirVideo ? nirVideo() : null;
      if (!nir || nir.readyState < 2) return null;
      nirFrame.width = frame.width;
      nirFrame.height = frame.height;
      nirFrame.getContext("2d").drawImage(nir, 0, 0, frame.width, frame.height);
      return nirFrame.toDataURL("image/png").replace(/^data:[^,]*,/, "");
    }
    async function step() {
      if (!running) return;
      if (video.readyState >= 2 && video.videoWidth > 0) {
        frame.width = video.videoWidth;
        frame.height = video.videoHeight;
        overlay.width = frame.width;
        overlay.height = frame.height;
        frame.getContext("2d", { willReadFrequently: true }).drawImage(video, 0, 0);
        let hand = null;
        try { hand = await detect(frame, frame.width, frame.height, false); } catch (e) { onAdvice("Hand finder unavailable: " + e.message, false); }
        const now = performance.now();
        if (hand) handLastSeen = now;
        if (changingHands && (hand || now - handLastSeen < LIMITS.handAwayMillis)) {
          draw(overlay, hand, false);
          onAdvice(hand ? "Take this hand away, then show the other palm" : "Now show the other palm", false);
          previous = null;
        } else {
          changingHands = false;
          const verdict = assess(hand, frame, previous);
          previous = hand ? hand.landmarks : null;
          draw(overlay, hand, verdict.ok);
          onAdvice(verdict.advice, verdict.ok);
          if (verdict.ok) {
            if (!best) windowStart = now;
            if (!best || verdict.sharpness > best.sharpness) {
              best = { sharpness: verdict.sharpness, image: frame.toDataURL("image/png").replace(/^data:[^,]*,/, ""), landmarks: hand.landmarks,
                nir: nirImage() };
            }
          }
          if (best && now - windowStart >= LIMITS.captureWindowMillis) {
            const taken = best;
            best = null;
            previous = null;
            await onCapture({ image: taken.image, landmarks: taken.landmarks, nir: taken.nir });
          }
        }
      }
      if (running) setTimeout(step, 30);
    }
    step();
    return {
      stop() { running = false; const g = overlay.getContext("2d"); g.clearRect(0, 0, overlay.width, overlay.height); },
      nextHand() { changingHands = true; best = null; previous = null; },
    };
  }

  return { load, detect, detectStill, assess, guide, unit, LIMITS };
})();
