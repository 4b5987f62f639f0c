//! One connection pool per datasource, keyed by its id. A pool built from an older
//! configuration is replaced on next use, and a deleted datasource's pool is dropped,
//! so fixing a datasource takes effect without a restart.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use super::{Datasource, ExecError};

pub struct Pools<P> {
    entries: Mutex<HashMap<String, (u64, Arc<P>)>>,
}

impl<P> Default for Pools<P> {
    fn default() -> Self {
        Pools {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<P> Pools<P> {
    /// The datasource's pool, built with `make` when missing or stale.
    pub async fn get<F, Fut>(&self, datasource: &Datasource, make: F) -> Result<Arc<P>, ExecError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<P, ExecError>>,
    {
        let fingerprint = datasource.fingerprint();
        if let Some(pool) = self.current(&datasource.id, fingerprint) {
            return Ok(pool);
        }
        // Built outside the lock: connecting may take a while. Two racing builders
        // are harmless; the later one replaces the earlier.
        let pool = Arc::new(make().await?);
        self.lock()
            .insert(datasource.id.clone(), (fingerprint, pool.clone()));
        Ok(pool)
    }

    fn current(&self, id: &str, fingerprint: u64) -> Option<Arc<P>> {
        match self.lock().get(id) {
            Some((stored, pool)) if *stored == fingerprint => Some(pool.clone()),
            _ => None,
        }
    }

    /// Drops the datasource's pool; connections close once in-flight queries end.
    pub fn remove(&self, id: &str) -> Option<Arc<P>> {
        self.lock().remove(id).map(|(_, pool)| pool)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Arc<P>)>> {
        // A panic while holding this lock cannot leave the map half-updated.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use serde_json::json;

    use super::*;

    fn datasource(host: &str) -> Datasource {
        Datasource::from_parts(
            "ds1",
            "postgres-plugin",
            &json!({"endpoints": [{"host": host, "port": 5432}]}),
        )
        .expect("valid datasource")
    }

    #[tokio::test]
    async fn pools_are_reused_rebuilt_on_change_and_dropped_on_delete() {
        let pools: Pools<usize> = Pools::default();
        let built = AtomicUsize::new(0);
        let make = || async { Ok::<_, ExecError>(built.fetch_add(1, Ordering::SeqCst) + 1) };
        let first = pools.get(&datasource("a"), make).await.expect("built");
        let again = pools.get(&datasource("a"), make).await.expect("reused");
        assert_eq!(
            (*first, *again),
            (1, 1),
            "the same configuration reuses the pool"
        );
        let changed = pools.get(&datasource("b"), make).await.expect("rebuilt");
        assert_eq!(*changed, 2, "a changed configuration builds a new pool");
        assert_eq!(pools.len(), 1, "the stale pool is replaced, not kept");
        assert!(pools.remove("ds1").is_some());
        assert!(pools.is_empty());
    }
}
