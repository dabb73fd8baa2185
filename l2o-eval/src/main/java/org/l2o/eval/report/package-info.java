/**
 * {@code l2o report}: gathers baseline files ({@code baseline/<optimizer>/<problem>.npz}) and
 * evaluations of learned optimizers ({@code <dir>/eval/<problem>/<checkpoint>.npz}, one folder per
 * replicate) and writes a Markdown report with PNG plots (statistics tables, loss curves with
 * min–max bands, the stability-versus-loss scatter of the paper's Figure 3).
 *
 * <p>Entry point: {@link org.l2o.eval.report.ReportGenerator#generate}; file discovery and the
 * {@code DEFAULT} rule: {@link org.l2o.eval.report.ResultDiscovery}.
 */
package org.l2o.eval.report;
