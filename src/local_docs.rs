//! `minibot docs`: the doc engine on a local git checkout. It plans from the files at `--head`
//! and the diff `--base..--head`, and writes the model's edits to a new branch
//! `minibot/docs/<short-sha>` through git plumbing, never touching the user's working tree or
//! current branch.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{DocsArgs, OutputFormat};
use crate::context;
use crate::cost::{CostTotal, PriceTable};
use crate::docsite::engine::{self, JudgeContext, Plan, PromptInput, Verdict};
use crate::docsite::rank::{Change, Page};
use crate::docsite::{self, Site};
use crate::github::{CommitSummary, FileWrite};
use crate::llm::LlmClient;
use crate::localrepo::LocalRepo;
use crate::repo_config::{self, RepoConfig};
use crate::templates::Texts;

/// Everything read from the checkout.
struct Loaded {
    repo: LocalRepo,
    head: String,
    base: String,
    site: Site,
    pages: Vec<Page>,
    change: Change,
    config: RepoConfig,
    /// Every path at `head`.
    files: Vec<String>,
    /// The sidebars file (path, text), if any.
    sidebars: Option<(String, String)>,
}

fn load(args: &DocsArgs, progress: &ProgressBar) -> Result<Loaded> {
    let repo = LocalRepo::open(&args.path)?;
    let head = repo.resolve(&args.head)?;
    let base = match &args.base {
        Some(b) => repo.resolve(b)?,
        None => repo.default_base(&head)?,
    };
    progress.set_message("reading the checkout");
    let files = repo.files(&head)?;
    let config_text = repo
        .read_files(&head, &[repo_config::PATH.to_string()])?
        .pop()
        .flatten();
    let config = match config_text {
        Some(t) => RepoConfig::parse(&t).map_err(|e| {
            anyhow::anyhow!(
                "{}{}: {}",
                repo_config::PATH,
                e.line.map(|l| format!(" line {l}")).unwrap_or_default(),
                e.message
            )
        })?,
        None => RepoConfig::default(),
    };
    progress.set_message("reading the change");
    let changed = repo.diff(&base, &head)?;
    let messages = repo.messages(&base, &head)?;
    let (title, body) = match messages.first() {
        Some(m) => match m.split_once('\n') {
            Some((t, b)) => (t.trim().to_string(), b.trim().to_string()),
            None => (m.trim().to_string(), String::new()),
        },
        None => (String::new(), String::new()),
    };
    let change = Change {
        title,
        body,
        messages,
        files: changed,
    };

    // Every site (usually one), with its pages; the one the change concerns most is used.
    let configs = docsite::find_configs_in(files.iter().map(String::as_str), &config.docs);
    let config_texts = repo.read_files(&head, &configs)?;
    let mut sites: Vec<Site> = configs
        .iter()
        .zip(config_texts)
        .filter_map(|(path, text)| {
            docsite::resolve_site(Some(path), &text.unwrap_or_default(), &config.docs)
        })
        .collect();
    if configs.is_empty()
        && let Some(site) = docsite::resolve_site(None, "", &config.docs)
    {
        sites.push(site);
    }
    if sites.is_empty() {
        bail!(
            "no Docusaurus site found (no docusaurus.config.* and no docs.path in {})",
            repo_config::PATH
        );
    }
    let mut candidates = Vec::new();
    for site in sites {
        let page_paths: Vec<String> =
            docsite::pages_in(files.iter().map(String::as_str), &site.docs_dir)
                .into_iter()
                .map(String::from)
                .collect();
        progress.set_message(format!("reading {} pages", page_paths.len()));
        let texts = repo.read_files(&head, &page_paths)?;
        let pages: Vec<Page> = page_paths
            .into_iter()
            .zip(texts)
            .filter_map(|(path, text)| text.map(|text| Page { path, text }))
            .collect();
        candidates.push((site, pages));
    }
    let (site, pages) = engine::choose_site(candidates, &change).context("no site")?;
    let sidebars = match site.sidebars_file(&|p| files.iter().any(|f| f == p)) {
        Some(p) => repo
            .read_files(&head, std::slice::from_ref(&p))?
            .pop()
            .flatten()
            .map(|t| (p, t)),
        None => None,
    };
    Ok(Loaded {
        repo,
        head,
        base,
        site,
        pages,
        change,
        config,
        files,
        sidebars,
    })
}

/// Runs `minibot docs`.
pub async fn run(args: DocsArgs) -> Result<()> {
    let progress = ProgressBar::new_spinner();
    progress.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(Duration::from_millis(120));
    let result = run_with(&args, &progress).await;
    progress.finish_and_clear();
    result
}

async fn run_with(args: &DocsArgs, progress: &ProgressBar) -> Result<()> {
    let prices = PriceTable::load(args.llm.prices.as_deref())?;
    let l = load(args, progress)?;
    let max_pages = l.config.docs.max_pages;
    progress.set_message("ranking pages");
    let plan = engine::plan(
        &l.site,
        &l.pages,
        &l.change,
        max_pages,
        args.llm.context_tokens,
        &args.llm.model,
        &prices,
    );
    if args.plan {
        progress.finish_and_clear();
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&plan)?),
            OutputFormat::Text => print!("{}", plan_text(&plan, &l)),
        }
        return Ok(());
    }
    if l.change.files.is_empty() {
        bail!(
            "nothing changed between {} and {}",
            short(&l.base),
            short(&l.head)
        );
    }

    progress.set_message(format!("asking {} for the page updates", args.llm.model));
    let commits: Vec<CommitSummary> = l
        .change
        .messages
        .iter()
        .map(|m| CommitSummary {
            sha: String::new(),
            message: m.clone(),
        })
        .collect();
    let diff = context::fit(&l.change.files, &commits, args.llm.context_tokens);
    let local_files: Vec<&str> = l.files.iter().map(String::as_str).collect();
    let named = engine::named_paths(&args.instructions, &l.site, &local_files);
    let named_pages: Vec<String> = named
        .iter()
        .filter(|n| docsite::is_doc_file(n))
        .cloned()
        .collect();
    let named_texts = l.repo.read_files(&l.head, &named_pages)?;
    let mut shown: Vec<(String, String)> = plan
        .pages_for_model
        .iter()
        .filter_map(|p| l.pages.iter().find(|x| &x.path == p))
        .map(|p| (p.path.clone(), p.text.clone()))
        .collect();
    shown.extend(
        named_pages
            .iter()
            .cloned()
            .zip(named_texts)
            .filter_map(|(p, t)| t.map(|t| (p, t))),
    );
    let outline = engine::outline(&l.pages);
    let texts = Texts::load()?;
    let request = engine::request(
        &texts,
        &args.llm.model,
        args.llm.max_output_tokens,
        &PromptInput {
            site: &l.site,
            number: None,
            title: &l.change.title,
            body: &l.change.body,
            args: &args.instructions,
            diff: &diff,
            pages: shown,
            outline,
            new_pages: &plan.new_pages,
            max_pages,
            named: &named,
        },
    )?;
    let llm = LlmClient::new(
        &args.llm.openai_base_url,
        args.llm.openai_api_key.as_ref(),
        Duration::from_secs(args.llm.model_timeout_secs),
    )?;
    let doc_ids = engine::doc_ids(&l.site, &l.pages);
    let file_exists = |p: &str| l.files.iter().any(|f| f == p);
    let mut total = CostTotal::default();
    let mut tokens = (0u64, 0u64, 0u64);
    let mut round_request = request.clone();
    let mut round = 0;
    let verdict = loop {
        let answer = llm.chat(&round_request).await?;
        match &answer.usage {
            Some(u) => {
                total.add(prices.cost_micros(&answer.model, u));
                tokens.0 += u.input_tokens;
                tokens.1 += u.cached_tokens;
                tokens.2 += u.output_tokens;
            }
            None => total.add(None),
        }
        progress.set_message("checking the edits");
        let edited = engine::edit_paths(&answer.content);
        let current: std::collections::HashMap<String, String> = edited
            .iter()
            .cloned()
            .zip(l.repo.read_files(&l.head, &edited)?)
            .filter_map(|(p, t)| t.map(|t| (p, t)))
            .collect();
        let page_text = |p: &str| current.get(p).cloned();
        let cx = JudgeContext {
            site: &l.site,
            max_pages,
            page_text: &page_text,
            file_exists: &file_exists,
            doc_ids: &doc_ids,
            named: &named,
        };
        let verdict = engine::judge(&answer.content, answer.finish_reason.as_deref(), &cx);
        match engine::repair_round(
            &texts,
            &request,
            round,
            (&answer.content, answer.finish_reason.as_deref()),
            &verdict,
        )? {
            Some(next) => {
                progress.set_message("asking the model to repair its answer");
                round_request = next;
                round += 1;
            }
            None => break verdict,
        }
    };
    let cost = format!(
        "{} ({} model call{}, {} input / {} cached / {} output tokens, {})",
        total.display(),
        round + 1,
        if round == 0 { "" } else { "s" },
        tokens.0,
        tokens.1,
        tokens.2,
        args.llm.model
    );
    progress.finish_and_clear();
    let (summary, edits, repairs) = match verdict {
        Verdict::Edits {
            summary,
            edits,
            repairs,
        } => (summary, edits, repairs),
        Verdict::NoChange { summary } => {
            println!("No documentation update needed. {summary}\nCost: {cost}");
            return Ok(());
        }
        Verdict::Rejected { problems } => {
            let mut msg =
                String::from("the model's edits did not pass the checks; nothing was written:\n");
            for p in problems {
                msg.push_str(&format!("  - {p}\n"));
            }
            msg.push_str(&format!("Cost: {cost}"));
            bail!(msg);
        }
    };
    let old: Vec<Option<String>> = l.repo.read_files(
        &l.head,
        &edits.iter().map(|e| e.path.clone()).collect::<Vec<_>>(),
    )?;
    if args.dry_run {
        for (e, before) in edits.iter().zip(&old) {
            let before = before.as_deref().unwrap_or("");
            let patch = diffy::create_patch(before, &e.content);
            let text = patch.to_string();
            let text = text
                .replacen("--- original", &format!("--- a/{}", e.path), 1)
                .replacen("+++ modified", &format!("+++ b/{}", e.path), 1);
            print!("{text}");
        }
        eprintln!("{summary}\nCost: {cost}");
        return Ok(());
    }
    let branch = format!("minibot/docs/{}", short(&l.head));
    let exists = |p: &str| l.files.iter().any(|f| f == p);
    let extras = engine::new_page_extras(
        &l.site,
        &edits,
        &local_files,
        l.sidebars.as_ref().map(|(p, t)| (p.as_str(), t.as_str())),
    );
    let mut writes: Vec<FileWrite> = edits
        .iter()
        .map(|e| FileWrite {
            path: e.path.clone(),
            content: e.content.clone(),
        })
        .collect();
    writes.extend(extras.files.iter().cloned());
    let message = format!("docs: update for {}\n\n{summary}", short(&l.head));
    let commit = l
        .repo
        .commit_to_new_branch(&branch, &l.head, &writes, &message)
        .context("writing the branch")?;
    println!("Wrote branch {branch} ({}):", short(&commit));
    for (e, before) in edits.iter().zip(&old) {
        let action = if before.is_some() {
            "updated"
        } else {
            "created"
        };
        println!("  {action} {}", e.path);
    }
    for f in &extras.files {
        let action = if exists(&f.path) {
            "updated"
        } else {
            "created"
        };
        println!("  {action} {}", f.path);
    }
    for r in &repairs {
        println!("Repaired: {r}");
    }
    for n in &extras.notes {
        println!("Note: {n}");
    }
    println!("{summary}\nCost: {cost}");
    Ok(())
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(10)]
}

fn plan_text(plan: &Plan, l: &Loaded) -> String {
    let mut out = String::new();
    let site = if plan.site_dir.is_empty() {
        "."
    } else {
        &plan.site_dir
    };
    out.push_str(&format!(
        "Docusaurus site: {site} (docs in {})\nChange: {}..{} ({} files, {} pages in the site)\n\n",
        plan.docs_dir,
        short(&l.base),
        short(&l.head),
        l.change.files.len(),
        l.pages.len()
    ));
    if plan.targets.is_empty() {
        out.push_str("No page relates to this change.\n");
    }
    for (i, t) in plan.targets.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. {}  (score {:.3})\n",
            i + 1,
            t.path,
            t.score
        ));
        for r in &t.reasons {
            out.push_str(&format!("      - {r}\n"));
        }
    }
    if !plan.new_pages.is_empty() {
        out.push_str("\nNew pages:\n");
        for p in &plan.new_pages {
            out.push_str(&format!("  + {}: {}\n", p.path, p.reason));
        }
    }
    out.push_str(&format!(
        "\nThe model would see: {}\nEstimated cost: ${:.6} ({}, about {} input / {} output tokens)\n",
        plan.pages_for_model.join(", "),
        plan.estimated_cost_usd,
        plan.model,
        plan.estimated_input_tokens,
        plan.estimated_output_tokens
    ));
    for n in &plan.notes {
        out.push_str(&format!("Note: {n}\n"));
    }
    out
}
