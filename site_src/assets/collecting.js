// Which enrolment year is being collected on a day, on the reader's own clock.
//
// The same rule as calculator/collecting.py (tests run both on the same days): a day belongs to
// the enrolment year whose collection window, in one of the region's notices, contains it;
// failing that, September–December of year Y−1 collect for year Y and January–August of year Y
// are still year Y.
//
// `windows`: [[year, "YYYY-MM-DD" start, "YYYY-MM-DD" end], …] of the notices that answer for the
// region. ISO dates compare as strings.

export const SEASON_OPENS = 9;

export function todayISO(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function seasonYear(day) {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= SEASON_OPENS ? year + 1 : year;
}

export function collectingYear(windows, day) {
  let best = null;
  for (const [year, start, end] of windows || []) {
    if (start <= day && day <= end && (best === null || year > best)) best = year;
  }
  return best === null ? seasonYear(day) : best;
}

// The banner a page shows about the year being collected, or null when what it shows is current.
// `shown`: the enrolment year the page (or the calculator's form) shows; `years`: every year the
// library has for the region; `name`: the region as a reader names it; `calculator`: the words
// are for the calculator's form ("按…计算") rather than a page ("下面是…的规定").
export function yearBanner({ windows, years, shown, name, day = todayISO(), calculator = false }) {
  const collecting = collectingYear(windows, day);
  if (shown === collecting) return null;
  const has = (years || []).includes(collecting);
  const head = `正在征缴${collecting}年度的城乡居民医保。`;
  let text;
  if (has) {
    text = calculator ? `${head}你选的是${shown}年度。` : `${head}本页是${shown}年度的规定，${collecting}年度的见下面的链接。`;
  } else if (shown > collecting) {
    text = `${head}${calculator ? "你选的" : "本页"}是${shown}年度，还没到它的征缴时间。`;
  } else {
    text = `${head}本站尚未收录${name}${collecting}年度的缴费通知，` +
      (calculator ? `下面按${shown}年度的规定计算，仅供参考；` : `下面是${shown}年度的规定，仅供参考；`) +
      `${collecting}年度的缴费标准和时间以当地医保部门的通知为准。`;
  }
  return { collecting, has, text };
}
