// The planner against GLPK's branch-and-bound on the integer program itself, with all 7
// configurations and several batch sizes (sizes the brute force cannot reach).
#include "modality/planner.hpp"
#include "test_profiles.hpp"

#include <glpk.h>
#include <gtest/gtest.h>

#include <random>

using namespace sextant::modality;

namespace {

// min sum k_{c,b} L_c(b)  s.t. sum x_c = n, sum acc_c x_c >= floor n, x_c - sum b k_{c,b} <= 0.
// Returns the optimum, or -1 when infeasible.
double solve_with_glpk(const Profile& p, int n, double floor) {
    glp_term_out(GLP_OFF);
    glp_prob* lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    const int C = static_cast<int>(p.configs.size());
    glp_add_rows(lp, 2 + C);
    glp_set_row_bnds(lp, 1, GLP_FX, n, n);
    glp_set_row_bnds(lp, 2, GLP_LO, floor * n, 0);
    for (int c = 0; c < C; ++c) glp_set_row_bnds(lp, 3 + c, GLP_UP, 0, 0);
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    auto put = [&](int row, int col, double v) { ia.push_back(row), ja.push_back(col), ar.push_back(v); };
    for (int c = 0; c < C; ++c) {
        int x = glp_add_cols(lp, 1);
        glp_set_col_kind(lp, x, GLP_IV);
        glp_set_col_bnds(lp, x, GLP_DB, 0, n);
        put(1, x, 1);
        put(2, x, p.configs[c].accuracy);
        put(3 + c, x, 1);
        for (auto [b, ms] : p.configs[c].latency_ms) {
            int k = glp_add_cols(lp, 1);
            glp_set_col_kind(lp, k, GLP_IV);
            glp_set_col_bnds(lp, k, GLP_DB, 0, (n + b - 1) / b);
            glp_set_obj_coef(lp, k, ms);
            put(3 + c, k, -b);
        }
    }
    glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.tol_int = 1e-9;
    parm.mip_gap = 0;
    int rc = glp_intopt(lp, &parm);
    double result = -1;
    if (rc == 0 && glp_mip_status(lp) == GLP_OPT) result = glp_mip_obj_val(lp);
    glp_delete_prob(lp);
    return result;
}

}  // namespace

TEST(PlannerGlpk, AgreesWithBranchAndBound) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0, 1);
    int compared = 0;
    for (int trial = 0; trial < 12; ++trial) {
        Profile p = trial % 3 == 0 ? sextant::modality::testing::hand_profile({1, 2, 4, 8, 16})
                                   : sextant::modality::testing::random_profile(rng, all_masks(), {1, 2, 4, 8, 16});
        Planner planner(p, 40);
        double lo = 1, hi = 0;
        for (const auto& c : p.configs) lo = std::min(lo, c.accuracy), hi = std::max(hi, c.accuracy);
        for (int n : {3, 13, 40})
            for (int f = 0; f < 4; ++f) {
                // Floors strictly inside the achievable range, away from exact breakpoints.
                double floor = lo + (hi - lo) * (0.1 + 0.8 * u(rng));
                double glpk = solve_with_glpk(p, n, floor);
                Plan plan = planner.plan(n, floor);
                ASSERT_TRUE(plan.feasible);
                ASSERT_GE(glpk, 0) << "GLPK found no optimum";
                EXPECT_NEAR(plan.time_ms, glpk, 1e-6 * std::max(1.0, glpk))
                    << "trial " << trial << " n " << n << " floor " << floor;
                ++compared;
            }
        EXPECT_LT(solve_with_glpk(p, 5, hi + 0.01), 0);  // above the best: infeasible for both
        EXPECT_FALSE(planner.plan(5, hi + 0.01).feasible);
    }
    EXPECT_EQ(compared, 12 * 3 * 4);
}
