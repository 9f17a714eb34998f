/** Typed quantities: how a figure's value and period are written in each locale. */
export { formatQuantity, quantityMagnitude, type Quantity } from "./quantity.js";
export { formatPeriod, PERIOD_FORMS, type PeriodForm } from "./period.js";
export { placeLabel, type PlacedLabel } from "./label.js";
export { writeNumber, writeRange, type NumberStyle, type WrittenNumber } from "./number.js";
