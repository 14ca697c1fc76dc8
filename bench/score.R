# score.R — the benchmark's R side: the same scale scores as `securebase score` on the default
# bank, two ways. Usage: Rscript score.R dt|psych CODEBOOK.csv ANSWERS.csv OUT.csv
# Prints the seconds spent reading, scoring and writing (R's start-up not counted).
# Rules reproduced: reverse keying min + max - x, mean of the answered items, a scale scored
# only when at least 80% of its items are answered (the default bank's min_answered).
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
suppressPackageStartupMessages(library(data.table))
cb <- fread(args[2])
scales <- unique(cb$scale)
t0 <- proc.time()[["elapsed"]]
d <- fread(args[3], colClasses = list(character = "id"))
out <- data.table(id = d$id)
if (mode == "dt") {
  for (s in scales) {
    it <- cb[scale == s]
    m <- as.matrix(d[, it$item, with = FALSE])
    rev <- it$reverse == "yes"
    m[, rev] <- (it$min[rev] + it$max[rev]) - m[, rev]
    answered <- rowSums(!is.na(m))
    sc <- rowMeans(m, na.rm = TRUE)
    sc[answered < 0.8 * nrow(it)] <- NA
    set(out, j = s, value = sc)
  }
} else {
  suppressPackageStartupMessages(library(psych))
  keys <- lapply(scales, function(s) {
    it <- cb[scale == s]
    ifelse(it$reverse == "yes", paste0("-", it$item), it$item)
  })
  names(keys) <- scales
  items <- as.data.frame(d[, cb$item, with = FALSE])
  r <- scoreItems(keys, items, totals = FALSE, missing = TRUE, impute = "none", min = 1, max = 7)
  for (s in scales) {
    it <- cb[scale == s]
    sc <- r$scores[, s]
    answered <- rowSums(!is.na(items[, it$item]))
    sc[answered < 0.8 * nrow(it)] <- NA
    set(out, j = s, value = sc)
  }
}
fwrite(out, args[4], na = "")
cat(sprintf("%.3f\n", proc.time()[["elapsed"]] - t0))
